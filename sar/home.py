"""The subject access queue on the home page (queues.registry): requests due and overdue,
soonest first, for whoever handles the agency's subject access."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from queues import registry

from . import clock, selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

ORDER = 16  # after the exchange's requests due (12) and received (14)


def subject_access_due(user: User | AnonymousUser, limit: int) -> registry.Queue | None:
    agency_id = permissions.subject_access_agency(user)
    if agency_id is None:
        return None
    today = timezone.localdate()
    found = list(selectors.open_requests_of(agency_id))  # a few a month: one query for all
    count = len(found)
    items = [
        registry.Item(
            text=f"Subject access request from {sar.subject_name}",
            url=reverse("sar:detail", kwargs={"sar_id": sar.pk}),
            details=(sar.get_status_display(),),
            due=sar.due_on,
            overdue=clock.is_overdue(sar.due_on, today),
        )
        for sar in found[:limit]
    ]
    return registry.Queue(
        key="subject_access_due",
        title="Subject access requests due",
        count=count,
        items=items,
        order=ORDER,
        link=reverse("sar:list"),
        link_text="Go to subject access requests",
    )


def register_home_queues() -> None:
    registry.register("subject_access_due", subject_access_due)
