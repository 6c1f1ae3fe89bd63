"""Escalation to another agency's lead officer when the agencies disagree (B 11; ADR 0023):
raising it, and the receiving officer's answer, which sends the decision back to its own
officer's queue. The same lock, version check and audit event as the other actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency
from notifications.models import Kind
from notifications.services import notification_send
from sharing.models import Decision

from .models import ActionKind, Escalation, Review, State
from .services import (
    ReviewConflict,
    at_time,
    check_action,
    locked_for_review,
    officer_name,
    record_action,
    record_url,
    required_text,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def review_escalate(
    *, actor: User, decision: Decision, version: int, to_agency: Agency, summary: str, reasons: str
) -> Escalation:
    """Take a disagreement between agencies to the other agency's lead officer (B 11)."""
    summary = required_text(summary, "summary", "Enter what the other lead officer needs to know")
    reasons = required_text(reasons, "reasons", "Enter your position and your reasons")
    if to_agency.pk == decision.case.agency_id:
        raise ValidationError({"to_agency": "Choose another agency than your own"})
    with transaction.atomic():
        decision, review = locked_for_review(decision)
        check_action(actor, decision, review, version, (State.AWAITING,))
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
        record_action(
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
        for lead in permissions.escalation_recipients(to_agency.pk):
            notification_send(actor=actor, recipient=lead, kind=Kind.ESCALATION_RECEIVED, url=url)
    return escalation


def escalation_respond(
    *, actor: User, escalation: Escalation, position: str, response: str
) -> Escalation:
    """The receiving officer's answer. The decision goes back to its own officer's queue."""
    response = required_text(response, "response", "Enter your response")
    if position not in ("agree", "disagree"):
        raise ValidationError({"position": "Select whether you agree"})
    if not permissions.may_answer_escalation(actor, escalation):
        raise PermissionDenied("Only the receiving agency's lead information officer answers.")
    with transaction.atomic():
        decision, review = locked_for_review(escalation.decision)
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.responded_at is not None:
            raise ReviewConflict(
                f"{officer_name(locked.responded_by)} answered this escalation at "
                f"{at_time(locked.responded_at)}. Nothing you wrote has been recorded; it is "
                "kept below."
            )
        locked.position, locked.response = position, response
        locked.responded_by, locked.responded_at = actor, timezone.now()
        locked.save(update_fields=["position", "response", "responded_by", "responded_at"])
        record_action(
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
            url=record_url(decision),
        )
    return locked
