"""Onward sharing (O 11.1, 10.2): a recipient asks the data holding agency before passing
information on; the originator's lead officer agrees or refuses, with reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies import permissions
from audit import events
from sharing import services as sharing_services
from sharing.models import Decision

from .. import catalogues as cat
from ..models import OnwardRequest, Receipt
from .ends import both_ends
from .receipts import recipient_end, sender_end

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def onward_ask(
    *, actor: User, receipt: Receipt, pass_to: str, what: str, reason: str
) -> OnwardRequest:
    if not permissions.may_handle_receipt(actor, receipt):
        raise PermissionDenied("Only the person it was sent to, or your lead officer, may ask.")
    errors = {}
    for field, value, message in (
        ("pass_to", pass_to, "Enter who you want to pass it to"),
        ("what", what, "Enter what you want to pass on"),
        ("reason", reason, "Enter why they need it"),
    ):
        if not value.strip():
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        onward = OnwardRequest.objects.create(
            receipt=receipt,
            pass_to=pass_to.strip(),
            what=what.strip(),
            reason=reason.strip(),
            asked_by=actor,
        )
        both_ends(
            actor=actor,
            action="onward.asked",
            exchange=onward.exchange_id,
            step="asked",
            first=recipient_end(receipt),
            second=sender_end(receipt.disclosure),
            facts={
                "original_exchange": str(receipt.exchange_id),
                "pass_to": onward.pass_to,
                "what": onward.what,
                "reason": onward.reason,
            },
        )
    return onward


def onward_answer(
    *, actor: User, onward: OnwardRequest, answer: str, reasons: str, conditions: str = ""
) -> OnwardRequest:
    receipt = onward.receipt
    if not permissions.may_answer_onward(actor, receipt.sender_agency_id):
        raise PermissionDenied("Only the data holding agency's lead officer may answer.")
    errors = {}
    if cat.get(cat.ONWARD_ANSWERS, answer) is None:
        errors["answer"] = "Select whether you agree"
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons for your answer"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = OnwardRequest.objects.select_for_update().get(pk=onward.pk)
        if locked.status != OnwardRequest.Status.ASKED:
            raise ValidationError("This request has already been answered")
        locked.status = answer
        locked.answer_reasons, locked.conditions = reasons.strip(), conditions.strip()
        locked.answered_by, locked.answered_at = actor, timezone.now()
        locked.save(
            update_fields=["status", "answer_reasons", "conditions", "answered_by", "answered_at"]
        )
        both_ends(
            actor=actor,
            action="onward.answered",
            exchange=locked.exchange_id,
            step="answered",
            first=recipient_end(receipt),
            second=sender_end(receipt.disclosure),
            facts={
                "answer": cat.label(cat.ONWARD_ANSWERS, answer),
                "reasons": locked.answer_reasons,
                "conditions": locked.conditions,
                "pass_to": locked.pass_to,
            },
        )
    return locked


def onward_decision_start(*, actor: User, onward: OnwardRequest) -> Decision:
    """The recipient's own decision to pass it on, citing the agreement (O 11.1)."""
    receipt = onward.receipt
    if onward.status != OnwardRequest.Status.AGREED:
        raise ValidationError("The data holding agency has not agreed to this")
    if receipt.filed_case is None:
        raise ValidationError("File what you received to one of your cases first")
    if not permissions.may_record_on(actor, receipt.filed_case):
        raise PermissionDenied("You may not record decisions on this case.")
    with transaction.atomic():
        locked = OnwardRequest.objects.select_for_update().get(pk=onward.pk)
        if locked.decision_id is not None:
            return Decision.objects.get(pk=locked.decision_id)
        answered = timezone.localtime(locked.answered_at) if locked.answered_at else None
        agreement = (
            f"Passing on information received from {receipt.sender_agency.name} to "
            f"{locked.pass_to}, agreed by their lead information officer"
            + (f" on {answered:%-d %B %Y}" if answered else "")
            + (f" on condition that {locked.conditions}" if locked.conditions else "")
            + " (Oxfordshire Information Sharing Protocol, paragraph 11.1)"
        )
        decision = sharing_services.decision_start(
            actor=actor,
            case=receipt.filed_case,
            kind="proactive",
            start={"prompted_by": agreement, "onward_agreement_id": locked.pk},
        )
        locked.decision = decision
        locked.save(update_fields=["decision"])
        events.append(
            actor=actor,
            action="onward.decision_started",
            object_type="onward_request",
            object_id=locked.pk,
            case_id=receipt.filed_case_id,
            agency_id=receipt.agency_id,
            payload={"decision": decision.pk, "agreement": agreement},
        )
    return decision
