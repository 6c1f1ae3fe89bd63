"""Writes on subject access requests: each saves its change and its audit event in one
transaction (house rule). Only a member who may handle the agency's subject access
(agencies.permissions.may_handle_subject_access) writes, and the two-person rule holds
here: whoever marked or sent the items for checking cannot check them (docs/adr/0031).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies import permissions
from audit import events
from records.catalogue import codes
from records.models import Case, ConnectedPerson

from . import catalogues as cat
from . import clock, gather, release
from .models import Item, SubjectAccessRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require_handler(actor: User, agency_id: int) -> None:
    if not permissions.may_handle_subject_access(actor, agency_id):
        raise PermissionDenied("Only the agency's data protection team handles this.")


def _locked(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """The request's row, locked for the rest of the transaction, its state re-read: the
    same form sent twice at once does its work once, and the second is told why not."""
    fresh = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    for name in ("status", "extension_months", "sent_for_check_by_id", "checked_by_id", "due_on"):
        setattr(sar, name, getattr(fresh, name))
    return sar


def _event(actor: User, sar: SubjectAccessRequest, action: str, **payload: object) -> None:
    events.append(
        actor=actor,
        action=f"sar.{action}",
        object_type="subject_access_request",
        object_id=sar.pk,
        case_id=sar.case_id,
        agency_id=sar.agency_id,
        payload={"subject": sar.subject_name, **payload},
    )


def sar_record(
    *,
    actor: User,
    case: Case,
    connected_person: ConnectedPerson | None,
    received_on: datetime.date,
    identity_check: str,
    identity_notes: str = "",
) -> SubjectAccessRequest:
    """Record a request from the child of `case` (no connected person) or one of its
    connected people, start the one-month clock and gather the items, marked."""
    _require_handler(actor, case.agency_id)
    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "Date received must be today or in the past"
    if identity_check not in codes(cat.IDENTITY_CHECKS):
        errors["identity_check"] = "Select how their identity was checked"
    if connected_person is not None and connected_person.case_id != case.pk:
        errors["subject"] = "Select a person on this case"
    if errors:
        raise ValidationError(errors)
    subject = connected_person.name if connected_person else case.child_name
    with transaction.atomic():
        sar = SubjectAccessRequest.objects.create(
            agency_id=case.agency_id,
            case=case,
            connected_person=connected_person,
            subject_name=subject,
            received_on=received_on,
            identity_check=identity_check,
            identity_notes=identity_notes.strip(),
            due_on=clock.due_on(received_on),
            recorded_by=actor,
        )
        people = list(case.connected_people.all())
        items = []
        for position, found in enumerate(gather.gather(case), start=1):
            marks, named = gather.marks_for(found, subject=subject, case=case, people=people)
            items.append(
                Item(
                    request=sar,
                    position=position,
                    kind=found.kind,
                    source_id=found.source_id,
                    title=found.title,
                    text=found.text,
                    marks=marks,
                    third_parties=named,
                    redactions=named,  # suggested; the reviewer decides
                )
            )
        Item.objects.bulk_create(items)
        _event(
            actor,
            sar,
            "recorded",
            received_on=received_on,
            due_on=sar.due_on,
            identity_check=identity_check,
            items=len(items),
            marked=sum(1 for item in items if item.marks),
        )
    return sar


def sar_extend(
    *, actor: User, sar: SubjectAccessRequest, months: int, reason: str, told_on: datetime.date
) -> SubjectAccessRequest:
    """Extend the clock once, by one or two further months (Article 12(3)), with the reason
    and the day the person was told."""
    _require_handler(actor, sar.agency_id)
    with transaction.atomic():
        _locked(sar)
        return _extend(actor, sar, months, reason, told_on)


def _extend(
    actor: User, sar: SubjectAccessRequest, months: int, reason: str, told_on: datetime.date
) -> SubjectAccessRequest:
    errors = {}
    if sar.extension_months:
        errors["months"] = "This request has already been extended"
    if months not in (1, 2):
        errors["months"] = "Select one or two months"
    if not reason.strip():
        errors["reason"] = "Enter why the request needs longer"
    if told_on > timezone.localdate():
        errors["told_on"] = "Date they were told must be today or in the past"
    if told_on < sar.received_on:
        errors["told_on"] = "Date they were told must be on or after the request was received"
    if sar.is_released:
        errors["months"] = "This request has been answered"
    if errors:
        raise ValidationError(errors)
    sar.extension_months = months
    sar.extension_reason = reason.strip()
    sar.extension_told_on = told_on
    sar.due_on = clock.due_on(sar.received_on, months)
    sar.save(update_fields=["extension_months", "extension_reason", "extension_told_on", "due_on"])
    _event(actor, sar, "extended", months=months, due_on=sar.due_on, told_on=told_on)
    return sar


def _passages(text: str, passages: list[str]) -> list[str]:
    kept = list(dict.fromkeys(p.strip() for p in passages if p.strip()))
    missing = [p for p in kept if p.casefold() not in text.casefold()]
    if missing:
        raise ValidationError(
            {"redactions": f"These words are not in the item: {'; '.join(missing)}"}
        )
    return kept


def sar_item_decide(
    *,
    actor: User,
    item: Item,
    outcome: str,
    exemption: str = "",
    reason: str = "",
    redactions: list[str] | None = None,
) -> Item:
    """Release, redact (the passages to remove, the exemption and why) or withhold (the
    exemption and why) one item. Only while the request is being reviewed."""
    sar = item.request
    _require_handler(actor, sar.agency_id)
    with transaction.atomic():
        _locked(sar)
        return _decide(actor, item, sar, outcome, exemption, reason, redactions)


def _decide(
    actor: User,
    item: Item,
    sar: SubjectAccessRequest,
    outcome: str,
    exemption: str,
    reason: str,
    redactions: list[str] | None,
) -> Item:
    if sar.status != "reviewing":
        raise ValidationError("The items can only be changed while the request is reviewed.")
    errors: dict[str, str] = {}
    if outcome not in codes(cat.OUTCOMES):
        errors["outcome"] = "Select whether to release, redact or withhold it"
    kept: list[str] = []
    if outcome in ("redact", "withhold"):
        if exemption not in codes(cat.EXEMPTIONS):
            errors["exemption"] = "Select the exemption that applies"
        if not reason.strip():
            errors["reason"] = "Enter why the exemption applies"
    if outcome == "redact":
        try:
            kept = _passages(item.text, redactions or [])
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
        else:
            if not kept:
                errors["redactions"] = "Enter the words to remove, one passage a line"
    if errors:
        raise ValidationError(errors)
    item.outcome = outcome
    item.exemption = exemption if outcome != "release" else ""
    item.reason = reason.strip() if outcome != "release" else ""
    item.redactions = kept
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(
        update_fields=[
            "outcome",
            "exemption",
            "reason",
            "redactions",
            "decided_by",
            "decided_at",
        ]
    )
    _event(
        actor,
        sar,
        "item_decided",
        item=item.position,
        outcome=outcome,
        exemption=item.exemption,
        passages=len(kept),
    )
    return item


def sar_send_for_check(*, actor: User, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Every item decided: hand the request to a second person to check."""
    _require_handler(actor, sar.agency_id)
    with transaction.atomic():
        _locked(sar)
        if sar.status != "reviewing":
            raise ValidationError("This request is not being reviewed.")
        undecided = sar.items.filter(outcome="").count()
        if undecided:
            raise ValidationError(f"Decide every item first: {undecided} still to decide.")
        sar.status = "checking"
        sar.sent_for_check_by = actor
        sar.sent_for_check_at = timezone.now()
        sar.save(update_fields=["status", "sent_for_check_by", "sent_for_check_at"])
        _event(actor, sar, "sent_for_check")
    return sar


def reviewers_of(sar: SubjectAccessRequest) -> set[int]:
    """Everyone who decided an item or sent the request for checking."""
    people = set(sar.items.exclude(decided_by=None).values_list("decided_by_id", flat=True))
    if sar.sent_for_check_by_id is not None:
        people.add(sar.sent_for_check_by_id)
    return people


def may_check(actor: User, sar: SubjectAccessRequest) -> bool:
    """The two-person rule: the checker handles the agency's requests and reviewed none of
    this one's items."""
    return (
        permissions.may_handle_subject_access(actor, sar.agency_id)
        and sar.status == "checking"
        and actor.pk not in reviewers_of(sar)
    )


def sar_check(
    *, actor: User, sar: SubjectAccessRequest, agreed: bool, comments: str = ""
) -> SubjectAccessRequest:
    """A second person agrees the redactions (ready to release) or returns the request to
    review with comments. The reviewer cannot check their own work."""
    _require_handler(actor, sar.agency_id)
    if not agreed and not comments.strip():
        raise ValidationError({"comments": "Enter what the reviewer needs to change"})
    with transaction.atomic():
        _locked(sar)
        if sar.status != "checking":
            raise ValidationError("This request is not waiting for a check.")
        if actor.pk in reviewers_of(sar):
            raise PermissionDenied("A second person must check the redactions: not the reviewer.")
        sar.status = "checked" if agreed else "reviewing"
        sar.checked_by = actor if agreed else None
        sar.checked_at = timezone.now() if agreed else None
        sar.check_comments = comments.strip()
        if not agreed:
            sar.sent_for_check_by = None
            sar.sent_for_check_at = None
        sar.save(
            update_fields=[
                "status",
                "checked_by",
                "checked_at",
                "check_comments",
                "sent_for_check_by",
                "sent_for_check_at",
            ]
        )
        _event(actor, sar, "checked" if agreed else "returned", comments=sar.check_comments)
    return sar


def sar_release(*, actor: User, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Make the redacted PDF and JSON, keep them with the unredacted original, and mark the
    request answered."""
    _require_handler(actor, sar.agency_id)
    if sar.status != "checked":
        raise ValidationError("A second person must check the redactions before release.")
    items = list(sar.items.all())
    now = timezone.now()
    document = release.document(sar, items, released_at=now)
    pdf = release.pdf(sar, document)
    with transaction.atomic():
        _locked(sar)
        if sar.status != "checked":
            raise ValidationError("This request has been released already.")
        sar.status = "released"
        sar.released_by = actor
        sar.released_at = now
        sar.original = release.original(sar, items)
        sar.released_json = document
        sar.released_pdf = pdf
        sar.save(
            update_fields=[
                "status",
                "released_by",
                "released_at",
                "original",
                "released_json",
                "released_pdf",
            ]
        )
        _event(
            actor,
            sar,
            "released",
            items=len(items),
            withheld=sum(1 for i in items if i.outcome == "withhold"),
            redacted=sum(1 for i in items if i.outcome == "redact"),
            exemptions=sorted({i.exemption for i in items if i.exemption}),
        )
    return sar


def sar_download(*, actor: User, sar: SubjectAccessRequest, kind: str) -> None:
    """Each download of a released file is an audit event."""
    _require_handler(actor, sar.agency_id)
    with transaction.atomic():
        _event(actor, sar, "downloaded", file=kind)
