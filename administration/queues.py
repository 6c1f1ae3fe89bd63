"""The lead officer's home-page queue of drafts left open by people who have left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from agencies import permissions
from queues import registry
from queues.registry import Item, Queue

from . import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def leavers_drafts(user: User | AnonymousUser, limit: int) -> Queue | None:
    """A leaver's open drafts, for the lead officer to reassign or close (issue 14)."""
    if not permissions.sees_leavers_drafts(user):
        return None
    drafts = selectors.leavers_drafts(user)
    items = [
        Item(
            text=f"Draft decision on case {draft.case.reference} ({draft.case.child_name})",
            url=reverse("records:case_detail", args=[draft.case_id]),
            details=(f"Started by {draft.author.get_full_name() or 'a member'}, who has left",),
            since=draft.updated_at,
        )
        for draft in drafts[:limit]
    ]
    if not items:
        return None
    return Queue(
        key="leavers_drafts",
        title="Drafts of people who have left",
        count=drafts.count() if len(items) >= limit else len(items),
        items=items,
        order=65,
        hint="Allocate the case to someone else, who records the decision again.",
    )


def register_queues() -> None:
    registry.register("leavers_drafts", leavers_drafts)
