"""Writes to agreements: each change saved with its audit event in one transaction, on
the chain of the agency that recorded the agreement (and a new party's own chain)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import permissions
from agencies.models import Agency
from audit import events

from .models import Agreement, Clause, Party

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require_change(actor: User, agreement: Agreement) -> None:
    if not permissions.may_change_agreement(actor, agreement.recorded_by_agency_id):
        raise PermissionDenied("Only the administrators of the agency that recorded it")


def _lock(agreement: Agreement) -> None:
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()


def _event(
    actor: User, agreement: Agreement, action: str, payload: dict[str, Any], agency_id: int
) -> None:
    events.append(
        actor=actor,
        action=action,
        object_type="agreement",
        object_id=agreement.pk,
        agency_id=agency_id,
        payload=payload,
    )


def agreement_create(
    *,
    actor: User,
    title: str,
    version: str,
    ratified_on: datetime.date,
    review_on: datetime.date,
    signed_on: datetime.date,
) -> Agreement:
    """Record an agreement the administrator's agency signed, with it as the first party."""
    agency_id = permissions.agency_administered_by(actor)
    if agency_id is None:
        raise PermissionDenied("Only an agency administrator records agreements")
    title, version = title.strip(), version.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Enter the agreement's title"
    if not version:
        errors["version"] = "Enter the version"
    if review_on <= ratified_on:
        errors["review_on"] = "The review date must be after the date it was ratified"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            title=title,
            version=version,
            ratified_on=ratified_on,
            review_on=review_on,
            recorded_by_agency_id=agency_id,
        )
        Party.objects.create(agreement=agreement, agency_id=agency_id, signed_on=signed_on)
        payload = {
            "title": title,
            "version": version,
            "ratified_on": ratified_on.isoformat(),
            "review_on": review_on.isoformat(),
            "signed_on": signed_on.isoformat(),
        }
        _event(actor, agreement, "agreement.recorded", payload, agency_id)
    return agreement


def agreement_party_add(
    *, actor: User, agreement: Agreement, agency: Agency, signed_on: datetime.date
) -> Party:
    """Another agency signed: recorded on both the recording agency's and its own chain."""
    _require_change(actor, agreement)
    with transaction.atomic():
        _lock(agreement)
        if Party.objects.filter(agreement=agreement, agency=agency).exists():
            raise ValidationError({"agency": f"{agency.name} has already signed it"})
        party = Party.objects.create(agreement=agreement, agency=agency, signed_on=signed_on)
        payload = {
            "agency_id": agency.pk,
            "agency": agency.name,
            "signed_on": signed_on.isoformat(),
        }
        for agency_id in dict.fromkeys((agreement.recorded_by_agency_id, agency.pk)):
            _event(actor, agreement, "agreement.party_added", payload, agency_id)
    return party


def agreement_clause_add(
    *,
    actor: User,
    agreement: Agreement,
    number: str,
    purpose: str,
    data_covered: str,
    legal_basis: str,
    covers: list[Agency],
) -> Clause:
    """A numbered clause, covering some of the agreement's parties."""
    _require_change(actor, agreement)
    number, purpose = number.strip(), purpose.strip()
    data_covered, legal_basis = data_covered.strip(), legal_basis.strip()
    errors: dict[str, str] = {}
    for field, value, message in (
        ("number", number, "Enter the clause's number"),
        ("purpose", purpose, "Enter what the clause is for"),
        ("data_covered", data_covered, "Enter the information the clause covers"),
        ("legal_basis", legal_basis, "Enter the legal basis"),
    ):
        if not value:
            errors[field] = message
    party_ids = set(agreement.parties.values_list("agency_id", flat=True))
    if not covers:
        errors["covers"] = "Select the parties the clause covers"
    elif any(a.pk not in party_ids for a in covers):
        errors["covers"] = "A clause covers only agencies that signed the agreement"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two sends of the same form at once: the second waits here, then is told.
        _lock(agreement)
        if agreement.clauses.filter(number=number).exists():
            raise ValidationError({"number": f"There is already a clause {number}"})
        clause = Clause.objects.create(
            agreement=agreement,
            number=number,
            purpose=purpose,
            data_covered=data_covered,
            legal_basis=legal_basis,
        )
        clause.covers.set(covers)
        payload = {
            "clause_id": clause.pk,
            "number": number,
            "purpose": purpose,
            "data_covered": data_covered,
            "legal_basis": legal_basis,
            "covers": sorted(a.pk for a in covers),
        }
        _event(actor, agreement, "agreement.clause_added", payload, agreement.recorded_by_agency_id)
    return clause
