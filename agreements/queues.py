"""The home-page queue of agreements past their review date (issue 14): shown to the
administrators and lead information officer of each agency that signed them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from agencies import permissions
from queues import registry
from queues.registry import Item, Queue

from . import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def agreements_past_review(user: User | AnonymousUser, limit: int) -> Queue | None:
    if not permissions.sees_agreements_past_review(user):
        return None
    agreements = list(selectors.past_review(user)[: limit + 1])
    if not agreements:
        return None
    items = [
        Item(
            text=f"{agreement.title}, version {agreement.version}",
            url=reverse("agreements:detail", args=[agreement.pk]),
            details=(f"Recorded by {agreement.recorded_by_agency.name}",),
            due=agreement.review_on,
            overdue=True,
        )
        for agreement in agreements[:limit]
    ]
    return Queue(
        key="agreements_past_review",
        title="Agreements past their review date",
        count=selectors.past_review(user).count() if len(agreements) > limit else len(items),
        items=items,
        order=70,
        link=reverse("agreements:list"),
        link_text="All your agency's agreements",
        hint="Ask the agency that recorded it whether a new version has been agreed.",
    )


def register_queues() -> None:
    registry.register("agreements_past_review", agreements_past_review)
