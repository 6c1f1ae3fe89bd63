"""Writes about consent. Each service saves the change and its audit event in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from agencies.permissions import may_record_on, may_record_on_case_of
from audit import events
from records.models import Case, ConnectedPerson

from .models import ConsentRecord
from .uploads import checked_content_type

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _payload(consent: ConsentRecord) -> dict[str, Any]:
    return {
        "giver_role": consent.giver_role,
        "giver_name": consent.giver_name,
        "competent": consent.competent,
        "capacity_criteria_met": consent.capacity_criteria_met,
        "told": consent.told,
        "form": consent.form,
        "outcome": consent.outcome,
        "obtained_on": consent.obtained_on,
        "scope_purposes": consent.scope_purposes,
        "scope_agency_ids": sorted(a.pk for a in consent.scope_agencies.all()),
        "scope_until": consent.scope_until,
        "review_on": consent.review_on,
        "signed_form": consent.signed_form_name,
    }


def consent_record(
    *,
    actor: User,
    case: Case,
    giver_role: str,
    giver_name: str,
    form: str,
    outcome: str,
    obtained_on: datetime.date,
    connected_person: ConnectedPerson | None = None,
    capacity_criteria_met: list[str] | None = None,
    competent: bool | None = None,
    capacity_notes: str = "",
    told: list[str] | None = None,
    told_notes: str = "",
    verbal_details: str = "",
    implied_context: str = "",
    signed_form: UploadedFile[bytes] | None = None,
    scope_information: str = "",
    scope_purposes: list[str] | None = None,
    scope_agencies: Iterable[Agency] = (),
    scope_until: datetime.date | None = None,
    review_on: datetime.date | None = None,
    conflict_notes: str = "",
) -> ConsentRecord:
    if not may_record_on(actor, case):
        raise PermissionDenied("You may not record consent on this case.")
    if connected_person is not None and connected_person.case_id != case.pk:
        raise ValidationError({"connected_person": "Choose a person connected to this case"})
    if form == "explicit_written" and signed_form is None:
        raise ValidationError({"signed_form": "Upload the signed consent form"})
    content_type = checked_content_type(signed_form) if signed_form is not None else ""
    with transaction.atomic():
        consent = ConsentRecord(
            case=case,
            giver_role=giver_role,
            giver_name=giver_name.strip(),
            connected_person=connected_person,
            capacity_criteria_met=capacity_criteria_met or [],
            competent=competent,
            capacity_notes=capacity_notes,
            told=told or [],
            told_notes=told_notes,
            form=form,
            verbal_details=verbal_details,
            implied_context=implied_context,
            outcome=outcome,
            obtained_on=obtained_on,
            scope_information=scope_information,
            scope_purposes=scope_purposes or [],
            scope_until=scope_until,
            review_on=review_on,
            conflict_notes=conflict_notes,
            recorded_by=actor,
            signed_form_type=content_type,
            signed_form_name=(signed_form.name or "")[:200] if signed_form is not None else "",
        )
        if signed_form is not None:
            consent.signed_form.save("form", signed_form, save=False)
        consent.save()
        consent.scope_agencies.set(list(scope_agencies))
        events.append(
            actor=actor,
            action="consent.recorded",
            object_type="consent",
            object_id=consent.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload=_payload(consent),
        )
    return consent


def consent_withdraw(
    *, actor: User, consent: ConsentRecord, withdrawn_on: datetime.date, notes: str
) -> ConsentRecord:
    """Consent may be withdrawn at any time (L 4.3.22); the record says when and how."""
    if not may_record_on_case_of(actor, consent):
        raise PermissionDenied("You may not change consent on this case.")
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": "Date withdrawn must be today or in the past"})
    if withdrawn_on < consent.obtained_on:
        raise ValidationError(
            {"withdrawn_on": "Date withdrawn must be on or after the date consent was given"}
        )
    with transaction.atomic():
        locked = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if locked.outcome != "given":
            raise ValidationError("Only consent that was given can be withdrawn")
        locked.outcome = "withdrawn"
        locked.withdrawn_on = withdrawn_on
        locked.withdrawal_notes = notes
        locked.save(update_fields=["outcome", "withdrawn_on", "withdrawal_notes"])
        events.append(
            actor=actor,
            action="consent.withdrawn",
            object_type="consent",
            object_id=locked.pk,
            case_id=locked.case_id,
            agency_id=consent.case.agency_id,
            payload={"withdrawn_on": withdrawn_on, "notes": notes},
        )
    return locked
