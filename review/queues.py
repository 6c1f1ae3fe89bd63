"""The home page's queues for review and for the decisions people record (queues.registry).

Lead officers: flagged decisions awaiting review, returns not yet answered, escalations
received and sent, verbal sharing awaiting written confirmation, consents due for review.
Practitioners: their drafts, their returned decisions, their own due items. Auditors:
their scope and their latest exports. Each queue reads its count and its first items:
two queries, whatever the volume.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from audit.models import AuditEvent
from consent.models import ConsentRecord
from queues import registry
from queues.registry import Item, Queue
from records.selectors import cases_visible_to
from sharing.decision_log.words import decision_title, flag_summaries
from sharing.models import Decision, FollowUp
from sharing.naming import draft_name
from sharing.selectors import decisions_visible_to, drafts_of

from . import selectors
from .models import State

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser

# Consents whose review date falls within this many days are due (L 4.3.21-4.3.22).
CONSENT_REVIEW_NOTICE_DAYS = 14
EXPORTS = ("history.exported", "decision_log.exported")


def _full_name(user: User | None, otherwise: str) -> str:
    return (user.get_full_name() if user is not None else "") or otherwise


def _log(**filters: str) -> str:
    return f"{reverse('sharing:review')}?{urlencode(filters)}"


def _decision_item(
    decision: Decision, *, since: datetime.datetime | None, extra: tuple[str, ...] = ()
) -> Item:
    title = decision_title(
        pk=decision.pk,
        status=decision.status,
        outcome=decision.outcome,
        recipient=decision.recipient_agency.name if decision.recipient_agency else None,
        submitted_at=decision.submitted_at,
    )
    return Item(
        text=f"{title} ({decision.case.child_name}, case {decision.case.reference})",
        url=reverse("sharing:decision_detail", args=[decision.pk]),
        details=extra,
        since=since,
    )


def _decisions(queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    return queryset.select_related("case", "recipient_agency", "author")


def flagged_awaiting(user: AnyUser, limit: int) -> Queue | None:
    led = permissions.agency_led_by(user)
    if led is None:
        return None
    waiting = selectors.awaiting_review(selectors.agency_decisions(led))
    items = [
        _decision_item(
            d,
            since=d.submitted_at,
            extra=(*flag_summaries(d.flags), f"By {d.author.get_full_name() or 'a practitioner'}"),
        )
        for d in _decisions(waiting).order_by("submitted_at", "id")[:limit]
    ]
    return Queue(
        key="awaiting_review",
        title="Decisions awaiting your review",
        count=waiting.count(),
        items=items,
        order=10,
        link=_log(review=State.AWAITING, sort="submitted", order="asc"),
        link_text="See them all in the decision log",
        hint="Flagged by the guidance, amended after you returned them, or answered by "
        "another agency.",
    )


def returned(user: AnyUser, limit: int) -> Queue | None:
    """Lead officers: decisions they returned that are not yet answered. Practitioners:
    their decisions returned to them, to answer with an amendment."""
    led = permissions.agency_led_by(user)
    if led is not None:
        found = selectors.returned_unanswered(selectors.agency_decisions(led))
        title, link = "Returned, not yet answered", _log(review=State.RETURNED)
    elif permissions.records_decisions(user):
        found = selectors.returned_unanswered(decisions_visible_to(user).filter(author_id=user.pk))
        title, link = "Returned to you with comments", ""
    else:
        return None
    items = [
        _decision_item(
            d,
            since=d.review.updated_at,
            extra=(
                f"Returned by {_full_name(d.review.updated_by, 'the lead information officer')}",
            ),
        )
        for d in _decisions(found)
        .select_related("review__updated_by")
        .order_by("review__updated_at", "id")[:limit]
    ]
    return Queue(
        key="returned",
        title=title,
        count=found.count(),
        items=items,
        order=20,
        link=link,
        link_text="See them all in the decision log" if link else "",
    )


def _escalations(user: AnyUser, limit: int, *, received: bool) -> Queue | None:
    if permissions.agency_led_by(user) is None:
        return None
    found = (selectors.escalations_received if received else selectors.escalations_sent)(user)
    waiting = found.filter(responded_at__isnull=True)
    items = [
        Item(
            text=f"Escalation {e.pk} from {e.from_agency.name}"
            if received
            else f"Escalation {e.pk} to {e.to_agency.name}",
            url=reverse("review:escalation", args=[e.pk]),
            details=(
                f"Raised by {e.raised_by.get_full_name() or 'their lead information officer'}",
            ),
            since=e.raised_at,
        )
        for e in waiting.order_by("raised_at", "id")[:limit]
    ]
    return Queue(
        key="escalations_received" if received else "escalations_sent",
        title="Escalations from other agencies"
        if received
        else "Escalations waiting for another agency",
        count=waiting.count(),
        items=items,
        order=30 if received else 35,
        link=reverse("review:escalations"),
        link_text="See all escalations",
    )


def escalations_received(user: AnyUser, limit: int) -> Queue | None:
    return _escalations(user, limit, received=True)


def escalations_sent(user: AnyUser, limit: int) -> Queue | None:
    return _escalations(user, limit, received=False)


def follow_ups(user: AnyUser, limit: int) -> Queue | None:
    """Verbal sharing to confirm in writing (P 4): the agency's, or a practitioner's own."""
    led = permissions.agency_led_by(user)
    if led is not None:
        found = FollowUp.objects.filter(decision__agency_id=led)
        link = _log(follow_up="outstanding")
    elif permissions.records_decisions(user):
        found = FollowUp.objects.filter(
            decision__in=decisions_visible_to(user).filter(author_id=user.pk)
        )
        link = ""
    else:
        return None
    found = found.filter(done_at__isnull=True)
    today = timezone.localdate()
    items = [
        Item(
            text=f"Decision {f.decision_id}: {f.decision.case.child_name}, "
            f"case {f.decision.case.reference}",
            url=reverse("sharing:decision_detail", args=[f.decision_id]),
            details=(f.get_kind_display(),),
            due=f.due_on,
            overdue=f.due_on < today,
        )
        for f in found.select_related("decision__case").order_by("due_on", "id")[:limit]
    ]
    return Queue(
        key="follow_ups",
        title="Verbal sharing to confirm in writing",
        count=found.count(),
        items=items,
        order=40,
        link=link,
        link_text="See them all in the decision log" if link else "",
    )


def consents_due(user: AnyUser, limit: int) -> Queue | None:
    led = permissions.agency_led_by(user)
    if led is not None:
        found = ConsentRecord.objects.filter(case__agency_id=led)
    elif permissions.records_decisions(user):
        found = ConsentRecord.objects.filter(
            case__in=cases_visible_to(user), recorded_by_id=user.pk
        )
    else:
        return None
    today = timezone.localdate()
    found = found.filter(
        outcome="given",
        withdrawn_on__isnull=True,
        review_on__lte=today + datetime.timedelta(days=CONSENT_REVIEW_NOTICE_DAYS),
    )
    items = [
        Item(
            text=f"Consent from {c.giver_name}: {c.case.child_name}, case {c.case.reference}",
            url=reverse("consent:consent_detail", args=[c.pk]),
            due=c.review_on,
            overdue=bool(c.review_on and c.review_on < today),
        )
        for c in found.select_related("case").order_by("review_on", "id")[:limit]
    ]
    return Queue(
        key="consents_due",
        title="Consents due for review",
        count=found.count(),
        items=items,
        order=45,
        hint=f"Review dates in the next {CONSENT_REVIEW_NOTICE_DAYS} days, or passed.",
    )


def drafts(user: AnyUser, limit: int) -> Queue | None:
    if not permissions.records_decisions(user):
        return None
    found = drafts_of(user)
    items = [
        Item(
            text=draft_name(d.kind, d.answers),
            url=reverse("sharing:decision_detail", args=[d.pk]),
            details=(
                f"{d.case.child_name}, case {d.case.reference}",
                f"Last saved {timezone.localtime(d.updated_at):%-d %B %Y}",
            ),
        )
        for d in found[:limit]
    ]
    return Queue(
        key="drafts",
        title="Your drafts",
        count=found.count(),
        items=items,
        order=70 if permissions.agency_led_by(user) is not None else 5,  # officers review first
        empty="You have no drafts.",
    )


def audit_scope(user: AnyUser, limit: int) -> Queue | None:
    """An auditor's scope, each agency linked to its decision log, and their latest exports."""
    if not permissions.may_see_recent_exports(user):
        return None
    agencies = list(permissions.audited_agencies(user).order_by("name"))
    exports = list(
        AuditEvent.objects.filter(actor_id=user.pk, action__in=EXPORTS).order_by(
            "-occurred_at", "-id"
        )[:limit]
    )
    return Queue(
        key="audit_scope",
        title="Your audit scope",
        count=len(agencies),
        items=[Item(text=a.name, url=_log(agency=str(a.pk))) for a in agencies[:limit]],
        order=10,
        empty="No agencies are in your audit scope yet. Ask the system administrator.",
        extra={"template": "review/_exports.html", "exports": exports},
    )


def register_queues() -> None:
    for key, function in (
        ("drafts", drafts),
        ("awaiting_review", flagged_awaiting),
        ("returned", returned),
        ("escalations_received", escalations_received),
        ("escalations_sent", escalations_sent),
        ("follow_ups", follow_ups),
        ("consents_due", consents_due),
        ("audit_scope", audit_scope),
    ):
        registry.register(key, function)
