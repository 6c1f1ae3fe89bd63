"""The lead information officer's review actions (SPEC 6; docs/adr/0023).

Each action locks the decision's row, checks the version of the review the officer saw,
saves its `ReviewAction` and the review's new state, appends its audit event and sends
its notifications, all in one transaction. Two officers acting on one decision at once:
the second waits for the first's lock, then finds the version moved on and is refused
with `ReviewConflict`, which says who did what; nothing of theirs is saved, and the page
keeps everything they typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from audit import events
from notifications.models import Kind
from notifications.services import notification_send
from sharing import catalogues as cat
from sharing.models import Decision

from .models import ActionKind, Escalation, Review, ReviewAction, State

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WORDS: dict[str, str] = {
    ActionKind.COUNTERSIGNED: "countersigned this decision",
    ActionKind.RETURNED: "returned this decision to the practitioner",
    ActionKind.DETERMINED: "recorded a determination on this decision",
    ActionKind.ESCALATED: "escalated this decision to another agency",
    ActionKind.ESCALATION_ANSWERED: "answered the escalation of this decision",
}


class ReviewConflict(ValidationError):
    """Someone else acted on the decision after this officer's page was shown."""


def at_time(moment: Any) -> str:
    return f"{timezone.localtime(moment):%H:%M on %-d %B %Y}"


def officer_name(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or "Another officer"


def locked_for_review(decision: Decision) -> tuple[Decision, Review | None]:
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "case__agency", "author")
        .get(pk=decision.pk)
    )
    return locked, Review.objects.select_related("updated_by").filter(decision=locked).first()


def latest_action(review: Review) -> ReviewAction | None:
    return review.actions.select_related("actor").order_by("-created_at", "-id").first()


def check_action(
    actor: User, decision: Decision, review: Review | None, version: int, allowed: tuple[str, ...]
) -> None:
    if not permissions.may_review_decision(actor, decision):
        raise PermissionDenied("Only the agency's lead information officer reviews decisions.")
    if decision.is_draft:
        raise ValidationError("Only a submitted decision can be reviewed")
    current = review.version if review is not None else 0
    if version != current:
        latest = latest_action(review) if review is not None else None
        what = WORDS.get(latest.kind, "acted on this decision") if latest else "acted on it"
        who = officer_name(latest.actor if latest else None)
        when = at_time(latest.created_at) if latest else "just now"
        raise ReviewConflict(
            f"{who} {what} at {when}, while you were writing. Nothing you wrote has been "
            "recorded. It is kept below: read the decision's review history again before "
            "you act."
        )
    state = review.state if review is not None else State.AWAITING
    if state not in allowed:
        raise ValidationError(
            f"This decision is {State(state).label.lower()}: that cannot be done now"
        )
    amendment = Decision.objects.filter(amends=decision, status=Decision.Status.SUBMITTED).first()
    if amendment is not None:
        raise ValidationError(
            f"This decision has been amended by decision {amendment.pk}: review the amendment"
        )


def required_text(reasons: str, field: str, message: str) -> str:
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({field: message})
    return reasons


def record_action(
    *,
    actor: User,
    decision: Decision,
    review: Review | None,
    kind: ActionKind,
    state: State,
    reasons: str,
    determination: str = "",
    escalation: Escalation | None = None,
    acting_agency_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> ReviewAction:
    now = timezone.now()
    if review is None:
        review = Review.objects.create(
            decision=decision,
            agency_id=decision.case.agency_id,
            state=state,
            version=1,
            updated_at=now,
            updated_by=actor,
        )
    else:
        review.state, review.version = state, review.version + 1
        review.updated_at, review.updated_by = now, actor
        review.save(update_fields=["state", "version", "updated_at", "updated_by"])
    membership = permissions.membership_of(actor)
    agency_id = acting_agency_id or (membership.agency_id if membership else None)
    if agency_id is None:
        raise PermissionDenied("Only a member of an agency reviews decisions.")
    action = ReviewAction.objects.create(
        review=review,
        kind=kind,
        actor=actor,
        actor_agency_id=agency_id,
        reasons=reasons,
        determination=determination,
        escalation=escalation,
        created_at=now,
    )
    events.append(
        actor=actor,
        action=f"review.{kind}",
        object_type="decision",
        object_id=decision.pk,
        case_id=decision.case_id,
        agency_id=decision.case.agency_id,
        payload={
            "reasons": reasons,
            "state": str(state),
            "version": review.version,
            **(payload or {}),
        },
    )
    return action


def record_url(decision: Decision) -> str:
    return reverse("sharing:decision_detail", args=[decision.pk])


def review_countersign(
    *, actor: User, decision: Decision, version: int, reasons: str
) -> ReviewAction:
    """The officer agrees with the practitioner's decision and signs it off."""
    reasons = required_text(reasons, "reasons", "Enter why you are countersigning this decision")
    with transaction.atomic():
        decision, review = locked_for_review(decision)
        check_action(actor, decision, review, version, (State.AWAITING,))
        return record_action(
            actor=actor,
            decision=decision,
            review=review,
            kind=ActionKind.COUNTERSIGNED,
            state=State.COUNTERSIGNED,
            reasons=reasons,
        )


def review_return(*, actor: User, decision: Decision, version: int, comments: str) -> ReviewAction:
    """Back to the practitioner with comments; they answer with an amendment, which comes
    back to the officer's queue when it is submitted."""
    comments = required_text(comments, "comments", "Enter what the practitioner needs to change")
    with transaction.atomic():
        decision, review = locked_for_review(decision)
        check_action(actor, decision, review, version, (State.AWAITING,))
        action = record_action(
            actor=actor,
            decision=decision,
            review=review,
            kind=ActionKind.RETURNED,
            state=State.RETURNED,
            reasons=comments,
            payload={"returned_to": decision.author_id},
        )
        notification_send(
            actor=actor,
            recipient=decision.author,
            kind=Kind.DECISION_RETURNED,
            url=record_url(decision),
        )
        return action


def review_determine(
    *, actor: User, decision: Decision, version: int, determination: str, reasons: str
) -> ReviewAction:
    """The officer's own decision on a controversial issue, with reasons (L 4.2.4), kept
    beside the practitioner's, which is never changed."""
    reasons = required_text(reasons, "reasons", "Enter the reasons for your determination")
    if cat.get(cat.DECISIONS, determination) is None:
        raise ValidationError({"determination": "Select your determination"})
    with transaction.atomic():
        decision, review = locked_for_review(decision)
        check_action(actor, decision, review, version, (State.AWAITING,))
        action = record_action(
            actor=actor,
            decision=decision,
            review=review,
            kind=ActionKind.DETERMINED,
            state=State.DETERMINED,
            reasons=reasons,
            determination=determination,
            payload={"determination": determination, "practitioner_decision": decision.outcome},
        )
        notification_send(
            actor=actor,
            recipient=decision.author,
            kind=Kind.DETERMINATION_RECORDED,
            url=record_url(decision),
        )
        return action
