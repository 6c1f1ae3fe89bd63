"""The home page's queues about emergency access (queues.registry), and its case-page notice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from queues import registry
from queues.registry import Item, Queue

from . import describe
from . import emergency_selectors as selectors
from .describe import Detail, plain
from .models import EmergencyAccess
from .panels import Panel
from .panels import register as register_panel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from audit.models import AuditEvent

    from .models import Case


def emergency_accesses_to_review(user: User | AnonymousUser, limit: int) -> Queue | None:
    """The lead officer reviews every emergency access (SPEC 6)."""
    if permissions.agency_led_by(user) is None:
        return None
    accesses = selectors.emergency_accesses_to_review(user)
    items = [
        Item(
            text=f"{access.user.get_full_name() or 'A practitioner'} opened case "
            f"{access.case.reference} ({access.case.child_name})",
            url=reverse("records:emergency_access_review", args=[access.pk]),
            details=(access.get_reason_display(),),
            since=access.granted_at,
        )
        for access in accesses.select_related("case", "user")[:limit]
    ]
    return Queue(
        key="emergency_review",
        title="Emergency access to review",
        count=accesses.count(),
        items=items,
        order=60,
        hint="Mark each one appropriate, or raise a concern.",
    )


def my_emergency_access(user: User | AnonymousUser, limit: int) -> Queue | None:
    """A practitioner's cases open to them by emergency access, and until when."""
    if not permissions.records_decisions(user) or permissions.agency_led_by(user) is not None:
        return None
    accesses = list(selectors.active_emergency_accesses_of(user)[:limit])
    if not accesses:
        return None
    return Queue(
        key="emergency_active",
        title="Your emergency access",
        count=len(accesses),
        items=[
            Item(
                text=f"Case {access.case.reference}: {access.case.child_name}",
                url=reverse("records:case_detail", args=[access.case_id]),
                details=(f"Until {timezone.localtime(access.expires_at):%H:%M on %-d %B}",),
            )
            for access in accesses
        ],
        order=50,
    )


def emergency_notice(user: User | AnonymousUser, case: Case) -> Panel | None:
    """On the case page: "you are here by emergency access, until ..."."""
    if not permissions.may_ask_emergency_access(user, case):
        return None
    access = selectors.active_emergency_access(user, case=case)
    if access is None:
        return None
    return Panel("records/panel_emergency.html", order=0, context={"access": access})


def describe_emergency(event: Any, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    """Emergency access in the per-case history, in words."""
    payload = event.payload or {}
    if event.action == "access.emergency_granted":
        reason = payload.get("reason", "")
        details: list[Detail] = [
            (
                "Reason",
                EmergencyAccess.Reason(reason).label
                if reason in EmergencyAccess.Reason.values
                else plain(reason),
            ),
            ("In their words", plain(payload.get("details"))),
            ("Until", plain(payload.get("expires_at"))),
        ]
        return "Emergency access to the case", details
    outcome = payload.get("outcome", "")
    return "Emergency access reviewed", [
        (
            "Outcome",
            EmergencyAccess.Outcome(outcome).label
            if outcome in EmergencyAccess.Outcome.values
            else plain(outcome),
        ),
        ("Notes", plain(payload.get("notes"))),
    ]


def describe_allocation(event: AuditEvent, cache: dict[str, Any]) -> tuple[Any, ...]:
    """An allocation names the practitioner by name and role, never by id or username."""
    payload = event.payload or {}
    people: dict[int, str] = cache.get("people") or {}
    who = people.get(payload.get("user_id") or 0, "A person whose name is not recorded")
    if payload.get("change") == "ended":
        return "Allocation ended", [("Practitioner", who)]
    return "Case allocated", [("Practitioner", who)]


def register_queues() -> None:
    describe.register("allocation", describe_allocation)
    describe.register("access.emergency_granted", describe_emergency)
    describe.register("access.emergency_reviewed", describe_emergency)
    registry.register("emergency_review", emergency_accesses_to_review)
    registry.register("emergency_active", my_emergency_access)
    register_panel(emergency_notice)
