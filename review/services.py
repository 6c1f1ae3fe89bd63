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
from agencies.models import Agency
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


def _when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%H:%M on %-d %B %Y}"


def _name(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or "Another officer"


def _locked(decision: Decision) -> tuple[Decision, Review | None]:
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "case__agency", "author")
        .get(pk=decision.pk)
    )
    return locked, Review.objects.select_related("updated_by").filter(decision=locked).first()


def _latest_action(review: Review) -> ReviewAction | None:
    return review.actions.select_related("actor").order_by("-created_at", "-id").first()


def _check(
    actor: User, decision: Decision, review: Review | None, version: int, allowed: tuple[str, ...]
) -> None:
    if not permissions.may_review_decision(actor, decision):
        raise PermissionDenied("Only the agency's lead information officer reviews decisions.")
    if decision.is_draft:
        raise ValidationError("Only a submitted decision can be reviewed")
    current = review.version if review is not None else 0
    if version != current:
        latest = _latest_action(review) if review is not None else None
        what = WORDS.get(latest.kind, "acted on this decision") if latest else "acted on it"
        who = _name(latest.actor if latest else None)
        when = _when(latest.created_at) if latest else "just now"
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


def _reasons(reasons: str, field: str, message: str) -> str:
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({field: message})
    return reasons


def _act(
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


def _record_url(decision: Decision) -> str:
    return reverse("sharing:decision_detail", args=[decision.pk])


def review_countersign(
    *, actor: User, decision: Decision, version: int, reasons: str
) -> ReviewAction:
    """The officer agrees with the practitioner's decision and signs it off."""
    reasons = _reasons(reasons, "reasons", "Enter why you are countersigning this decision")
    with transaction.atomic():
        decision, review = _locked(decision)
        _check(actor, decision, review, version, (State.AWAITING,))
        return _act(
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
    comments = _reasons(comments, "comments", "Enter what the practitioner needs to change")
    with transaction.atomic():
        decision, review = _locked(decision)
        _check(actor, decision, review, version, (State.AWAITING,))
        action = _act(
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
            url=_record_url(decision),
        )
        return action


def review_determine(
    *, actor: User, decision: Decision, version: int, determination: str, reasons: str
) -> ReviewAction:
    """The officer's own decision on a controversial issue, with reasons (L 4.2.4), kept
    beside the practitioner's, which is never changed."""
    reasons = _reasons(reasons, "reasons", "Enter the reasons for your determination")
    if cat.get(cat.DECISIONS, determination) is None:
        raise ValidationError({"determination": "Select your determination"})
    with transaction.atomic():
        decision, review = _locked(decision)
        _check(actor, decision, review, version, (State.AWAITING,))
        action = _act(
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
            url=_record_url(decision),
        )
        return action


def review_escalate(
    *, actor: User, decision: Decision, version: int, to_agency: Agency, summary: str, reasons: str
) -> Escalation:
    """Take a disagreement between agencies to the other agency's lead officer (B 11)."""
    summary = _reasons(summary, "summary", "Enter what the other lead officer needs to know")
    reasons = _reasons(reasons, "reasons", "Enter your position and your reasons")
    if to_agency.pk == decision.case.agency_id:
        raise ValidationError({"to_agency": "Choose another agency than your own"})
    with transaction.atomic():
        decision, review = _locked(decision)
        _check(actor, decision, review, version, (State.AWAITING,))
        if review is None:
            review = Review.objects.create(
                decision=decision, agency_id=decision.case.agency_id, version=0
            )
        escalation = Escalation.objects.create(
            decision=decision,
            review=review,
            from_agency_id=decision.case.agency_id,
            to_agency=to_agency,
            raised_by=actor,
            summary=summary,
            reasons=reasons,
        )
        _act(
            actor=actor,
            decision=decision,
            review=review,
            kind=ActionKind.ESCALATED,
            state=State.ESCALATED,
            reasons=reasons,
            escalation=escalation,
            payload={"escalation": escalation.pk, "to_agency": to_agency.name, "summary": summary},
        )
        url = reverse("review:escalation", args=[escalation.pk])
        for lead in permissions.lead_officers_of(to_agency.pk):
            notification_send(actor=actor, recipient=lead, kind=Kind.ESCALATION_RECEIVED, url=url)
    return escalation


def escalation_respond(
    *, actor: User, escalation: Escalation, position: str, response: str
) -> Escalation:
    """The receiving officer's answer. The decision goes back to its own officer's queue."""
    response = _reasons(response, "response", "Enter your response")
    if position not in ("agree", "disagree"):
        raise ValidationError({"position": "Select whether you agree"})
    if not permissions.may_answer_escalation(actor, escalation):
        raise PermissionDenied("Only the receiving agency's lead information officer answers.")
    with transaction.atomic():
        decision, review = _locked(escalation.decision)
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.responded_at is not None:
            raise ReviewConflict(
                f"{_name(locked.responded_by)} answered this escalation at "
                f"{_when(locked.responded_at)}. Nothing you wrote has been recorded; it is "
                "kept below."
            )
        locked.position, locked.response = position, response
        locked.responded_by, locked.responded_at = actor, timezone.now()
        locked.save(update_fields=["position", "response", "responded_by", "responded_at"])
        _act(
            actor=actor,
            decision=decision,
            review=review,
            kind=ActionKind.ESCALATION_ANSWERED,
            state=State.AWAITING,
            reasons=response,
            escalation=locked,
            acting_agency_id=locked.to_agency_id,
            payload={"escalation": locked.pk, "position": position},
        )
        notification_send(
            actor=actor,
            recipient=locked.raised_by,
            kind=Kind.ESCALATION_ANSWERED,
            url=_record_url(decision),
        )
    return locked
