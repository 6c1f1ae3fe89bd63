"""Corrections of shared information (O 12.2-12.3): every recipient told within 14 days.

Recipients on the service are told at once, through their inbox, with the correction on
both chains. For the others the sender records how and when each was told.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies import permissions
from audit import events
from records.models import Case
from sharing.models import Disclosure

from .. import catalogues as cat
from ..models import Correction, CorrectionNotice
from .ends import both_ends
from .receipts import disclosure_deliver, recipient_end, sender_end

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _recipient_name(disclosure: Disclosure) -> str:
    person = ", ".join(p for p in (disclosure.recipient_name, disclosure.recipient_role) if p)
    return (
        f"{person} ({disclosure.recipient_agency_name})"
        if person
        else disclosure.recipient_agency_name
    )


def correction_record(
    *,
    actor: User,
    case: Case,
    disclosures: list[Disclosure],
    inaccurate: str,
    corrected: str,
) -> Correction:
    """Record that information shared from this case was inaccurate, with the correction,
    and tell the recipients on the service at once."""
    if not permissions.may_record_on(actor, case):
        raise PermissionDenied("You may not record on this case.")
    errors = {}
    if not disclosures or any(d.case_id != case.pk for d in disclosures):
        errors["disclosures"] = "Select the sharing that included the inaccurate information"
    if not inaccurate.strip():
        errors["inaccurate"] = "Describe what was inaccurate"
    if not corrected.strip():
        errors["corrected"] = "Enter the correct information"
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        correction = Correction.objects.create(
            case=case,
            agency_id=case.agency_id,
            inaccurate=inaccurate.strip(),
            corrected=corrected.strip(),
            recorded_by=actor,
            recorded_on=today,
            due_on=today + datetime.timedelta(days=cat.CORRECTION_DAYS),
        )
        notices = [
            CorrectionNotice.objects.create(
                correction=correction, disclosure=d, recipient_name=_recipient_name(d)
            )
            for d in disclosures
        ]
        events.append(
            actor=actor,
            action="correction.recorded",
            object_type="correction",
            object_id=correction.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload={
                "inaccurate": correction.inaccurate,
                "corrected": correction.corrected,
                "recipients": [n.recipient_name for n in notices],
                "due_on": correction.due_on,
            },
        )
        for notice in notices:
            receipt = disclosure_deliver(disclosure=notice.disclosure)
            if receipt is None:
                continue
            notice.receipt = receipt
            notice.told_on, notice.told_at, notice.told_by = today, timezone.now(), actor
            notice.told_how = "on_system"
            notice.save(update_fields=["receipt", "told_on", "told_at", "told_by", "told_how"])
            both_ends(
                actor=actor,
                action=("correction.sent", "correction.received"),
                exchange=notice.exchange_id,
                step="told",
                first=sender_end(notice.disclosure),
                second=recipient_end(receipt),
                facts={
                    "original_exchange": str(receipt.exchange_id),
                    "inaccurate": correction.inaccurate,
                    "corrected": correction.corrected,
                    "recorded_on": correction.recorded_on,
                },
            )
    return correction


def correction_mark_told(
    *,
    actor: User,
    notice: CorrectionNotice,
    told_on: datetime.date,
    told_how: str,
    notes: str = "",
) -> CorrectionNotice:
    """How and when a recipient off the service was told of the correction."""
    correction = notice.correction
    if not permissions.may_record_on(actor, correction.case):
        raise PermissionDenied("You may not record on this case.")
    errors = {}
    if cat.get(cat.TOLD_HOW, told_how) is None or told_how == "on_system":
        errors["told_how"] = "Select how you told them"
    if told_on > timezone.localdate() or told_on < correction.recorded_on:
        errors["told_on"] = "The date must be between the day the correction was recorded and today"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = CorrectionNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.receipt_id is not None:
            raise ValidationError("This recipient was told through the service")
        locked.told_on, locked.told_how, locked.notes = told_on, told_how, notes.strip()
        locked.told_by, locked.told_at = actor, timezone.now()
        locked.save(update_fields=["told_on", "told_how", "notes", "told_by", "told_at"])
        events.append(
            actor=actor,
            action="correction.told",
            object_type="correction",
            object_id=correction.pk,
            case_id=correction.case_id,
            agency_id=correction.agency_id,
            payload={
                "recipient": locked.recipient_name,
                "told_on": told_on,
                "told_how": cat.label(cat.TOLD_HOW, told_how),
                "notes": locked.notes,
                "within_14_days": told_on <= correction.due_on,
            },
        )
    return locked


def correction_notice_acknowledge(*, actor: User, notice: CorrectionNotice) -> CorrectionNotice:
    """The recipient confirms they have corrected their own records (O 12.2.2)."""
    receipt = notice.receipt
    if receipt is None or not permissions.may_handle_receipt(actor, receipt):
        raise PermissionDenied("Only the person it was sent to, or your lead officer, may do this.")
    with transaction.atomic():
        locked = CorrectionNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.acknowledged_at is None:
            locked.acknowledged_at, locked.acknowledged_by = timezone.now(), actor
            locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
            both_ends(
                actor=actor,
                action="correction.acknowledged",
                exchange=locked.exchange_id,
                step="acknowledged",
                first=sender_end(locked.disclosure),
                second=recipient_end(receipt),
                facts={"acknowledged_at": locked.acknowledged_at},
            )
    return locked
