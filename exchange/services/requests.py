"""Information requests: recorded, linked to a case, paused, answered (O 13.1-13.2)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency
from audit import events
from records import services as record_services
from records.models import Case
from sharing import catalogues as sharing_cat
from sharing import services as sharing_services
from sharing.models import Decision

from .. import catalogues as cat
from .. import workdays
from ..models import InformationRequest, RequestPause
from .ends import End, both_ends

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _end(request: InformationRequest) -> End:
    return End(
        agency_id=request.agency_id,
        agency_name=request.agency.name,
        object_type="information_request",
        object_id=request.pk,
        case_id=request.case_id,
    )


def ends_of(request: InformationRequest) -> tuple[End, End]:
    """(the requester's side, the data holder's side) of a request on the service."""
    assert request.counterpart is not None
    mine, theirs = _end(request), _end(request.counterpart)
    return (theirs, mine) if request.is_incoming else (mine, theirs)


def request_event(
    actor: User, request: InformationRequest, action: str, payload: dict[str, Any]
) -> None:
    events.append(
        actor=actor,
        action=action,
        object_type="information_request",
        object_id=request.pk,
        case_id=request.case_id,
        agency_id=request.agency_id,
        payload=payload,
    )


def summary(request: InformationRequest) -> dict[str, Any]:
    """What the request is, as its own side's events state it."""
    return {
        "direction": request.direction,
        "other_agency": request.other_agency_name,
        "contact": ", ".join(p for p in (request.contact_name, request.contact_role) if p),
        "contact_details": request.contact_details,
        "verification": request.verification,
        "urgency": request.urgency,
        "purpose": request.purpose,
        "legal_bases": [sharing_cat.label(sharing_cat.LEGAL_BASES, c) for c in request.legal_bases]
        + ([request.legal_basis_other] if request.legal_basis_other else []),
        "items": list(request.items),
        "received_on": request.received_on,
        "due_on": request.due_on,
    }


def _validate(
    *,
    actor: User,
    direction: str,
    other_agency: Agency | None,
    other_agency_name: str,
    contact_name: str,
    verification: str,
    urgency: str,
    purpose: str,
    legal_bases: list[str],
    legal_basis_other: str,
    items: list[str],
    received_on: datetime.date,
) -> None:
    errors: dict[str, str] = {}
    if cat.get(cat.REQUEST_DIRECTIONS, direction) is None:
        errors["direction"] = "Select whether you received the request or are making it"
    if other_agency is not None and other_agency.pk == permissions.member_agency(actor):
        errors["other_agency"] = "Choose another agency: this one is your own"
    if other_agency is None and not other_agency_name.strip():
        errors["other_agency_name"] = "Enter the name of the agency"
    if not contact_name.strip():
        errors["contact_name"] = "Enter the name of the person"
    if direction == "incoming" and cat.get(cat.REQUEST_VERIFICATION, verification) is None:
        errors["verification"] = "Select how you checked who is asking"
    if cat.get(cat.REQUEST_URGENCY, urgency) is None:
        errors["urgency"] = "Select how the request was made"
    if not purpose.strip():
        errors["purpose"] = "Enter what the information is needed for"
    unknown = [c for c in legal_bases if sharing_cat.get(sharing_cat.LEGAL_BASES, c) is None]
    if not legal_bases or unknown:
        errors["legal_bases"] = "Select at least one legal basis"
    elif "other" in legal_bases and not legal_basis_other.strip():
        errors["legal_basis_other"] = "Describe the other legal basis"
    if not [item for item in items if item.strip()]:
        errors["items"] = "Enter at least one item of information asked for"
    if received_on > timezone.localdate():
        errors["received_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)


def request_record(
    *,
    actor: User,
    direction: str,
    other_agency: Agency | None,
    other_agency_name: str = "",
    other_agency_contact: str = "",
    contact_name: str,
    contact_role: str = "",
    contact_details: str = "",
    verification: str = "",
    urgency: str,
    purpose: str,
    legal_bases: list[str],
    legal_basis_other: str = "",
    items: list[str],
    received_on: datetime.date,
) -> InformationRequest:
    """Record a request received or made. An outgoing request to an agency on the service
    also arrives in that agency's incoming requests, without our case (O 13.1-13.2)."""
    agency_id = permissions.member_agency(actor)
    if agency_id is None or not permissions.may_record_requests(actor):
        raise PermissionDenied("Only practitioners and lead officers record requests.")
    _validate(
        actor=actor,
        direction=direction,
        other_agency=other_agency,
        other_agency_name=other_agency_name,
        contact_name=contact_name,
        verification=verification,
        urgency=urgency,
        purpose=purpose,
        legal_bases=legal_bases,
        legal_basis_other=legal_basis_other,
        items=items,
        received_on=received_on,
    )
    fields: dict[str, Any] = {
        "urgency": urgency,
        "purpose": purpose.strip(),
        "legal_bases": list(legal_bases),
        "legal_basis_other": legal_basis_other.strip() if "other" in legal_bases else "",
        "items": [item.strip() for item in items if item.strip()],
        "received_on": received_on,
        "due_on": workdays.add_working_days(received_on, cat.REQUEST_DAYS),
        "written_follow_up_due_on": workdays.add_working_days(
            received_on, cat.WRITTEN_FOLLOW_UP_DAYS
        )
        if urgency == "urgent_verbal"
        else None,
    }
    with transaction.atomic():
        request = InformationRequest.objects.create(
            agency_id=agency_id,
            direction=direction,
            other_agency=other_agency,
            other_agency_name=other_agency.name if other_agency else other_agency_name.strip(),
            other_agency_contact=other_agency_contact.strip(),
            contact_name=contact_name.strip(),
            contact_role=contact_role.strip(),
            contact_details=contact_details.strip(),
            verification=verification if direction == "incoming" else "",
            recorded_by=actor,
            **fields,
        )
        request_event(actor, request, "request.recorded", summary(request))
        if direction == "outgoing" and other_agency is not None:
            _send(actor, request, other_agency, fields)
    return request


def _send(actor: User, request: InformationRequest, other: Agency, fields: dict[str, Any]) -> None:
    """The other agency's incoming copy: who asked (us) and what for; never our case."""
    membership = permissions.membership_of(actor)
    assert membership is not None
    copy = InformationRequest.objects.create(
        exchange_id=request.exchange_id,
        agency=other,
        direction="incoming",
        other_agency=membership.agency,
        other_agency_name=membership.agency.name,
        contact_name=actor.get_full_name() or actor.get_username(),
        contact_role=membership.job_title,
        contact_details=actor.email,
        verification="on_system",
        counterpart=request,
        recorded_by=actor,
        **fields,
    )
    request.counterpart = copy
    request.save(update_fields=["counterpart"])
    requester, holder = ends_of(request)
    both_ends(
        actor=actor,
        action=("request.sent", "request.received"),
        exchange=request.exchange_id,
        step="request",
        first=requester,
        second=holder,
        facts={
            "purpose": copy.purpose,
            "items": list(copy.items),
            "received_on": copy.received_on,
            "due_on": copy.due_on,
        },
    )


def _locked(request: InformationRequest) -> InformationRequest:
    return (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("agency", "counterpart", "counterpart__agency", "case")
        .get(pk=request.pk)
    )


def _require_manager(actor: User, request: InformationRequest) -> None:
    if not permissions.may_manage_request(actor, request):
        raise PermissionDenied("Only the lead officer or whoever recorded it may change this.")


def request_link_case(
    *, actor: User, request: InformationRequest, case: Case
) -> InformationRequest:
    """The child the request is about, as one of our own cases."""
    _require_manager(actor, request)
    if case.agency_id != request.agency_id or not permissions.may_record_on(actor, case):
        raise ValidationError({"case": "Choose one of your agency's cases that you work on"})
    with transaction.atomic():
        locked = _locked(request)
        locked.case = case
        locked.save(update_fields=["case"])
        request_event(actor, locked, "request.case_linked", summary(locked))
    return locked


def request_open_case(
    *,
    actor: User,
    request: InformationRequest,
    reference: str,
    child_name: str,
    date_of_birth: datetime.date,
) -> InformationRequest:
    """Open a new case for the child the request is about, and link it."""
    _require_manager(actor, request)
    with transaction.atomic():
        case = record_services.case_create(
            actor=actor, reference=reference, child_name=child_name, date_of_birth=date_of_birth
        )
        return request_link_case(actor=actor, request=request, case=case)


def request_pause(
    *, actor: User, request: InformationRequest, paused_on: datetime.date, reason: str
) -> RequestPause:
    """Stop the clock while the requester clarifies what they want."""
    _require_manager(actor, request)
    if not reason.strip():
        raise ValidationError({"reason": "Enter what you have asked the requester to clarify"})
    if paused_on > timezone.localdate() or paused_on < request.received_on:
        raise ValidationError(
            {"paused_on": "The date must be between the day it arrived and today"}
        )
    with transaction.atomic():
        locked = _locked(request)
        if not locked.is_incoming or locked.is_answered:
            raise ValidationError("Only an incoming request still being answered can be paused")
        if RequestPause.objects.filter(request=locked, resumed_on__isnull=True).exists():
            raise ValidationError("The clock is already paused")
        pause = RequestPause.objects.create(
            request=locked,
            paused_on=paused_on,
            reason=reason.strip(),
            paused_by=actor,
            due_before=locked.due_on,
        )
        facts = {"paused_on": paused_on, "reason": pause.reason, "due_before": locked.due_on}
        _tell_both(actor, locked, "request.paused", f"pause-{pause.pk}", facts)
    return pause


def request_resume(
    *, actor: User, request: InformationRequest, resumed_on: datetime.date
) -> RequestPause:
    """Restart the clock when the clarification arrives: the due date moves on by the
    working days it was stopped."""
    _require_manager(actor, request)
    with transaction.atomic():
        locked = _locked(request)
        pause = (
            RequestPause.objects.select_for_update()
            .filter(request=locked, resumed_on__isnull=True)
            .first()
        )
        if pause is None:
            raise ValidationError("The clock is not paused")
        if resumed_on < pause.paused_on or resumed_on > timezone.localdate():
            raise ValidationError({"resumed_on": "The date must be between the pause and today"})
        stopped = workdays.working_days_between(pause.paused_on, resumed_on)
        due = workdays.add_working_days(pause.due_before, stopped)
        pause.resumed_on, pause.resumed_by, pause.due_after = resumed_on, actor, due
        pause.save(update_fields=["resumed_on", "resumed_by", "due_after"])
        locked.due_on = due
        locked.save(update_fields=["due_on"])
        if locked.counterpart is not None:
            locked.counterpart.due_on = due
            locked.counterpart.save(update_fields=["due_on"])
        facts = {"resumed_on": resumed_on, "working_days_stopped": stopped, "due_on": due}
        _tell_both(actor, locked, "request.resumed", f"resume-{pause.pk}", facts)
    return pause


def _tell_both(
    actor: User, request: InformationRequest, action: str, step: str, facts: dict[str, Any]
) -> None:
    if request.counterpart is None:
        request_event(actor, request, action, facts)
        return
    first, second = ends_of(request)
    both_ends(
        actor=actor,
        action=action,
        exchange=request.exchange_id,
        step=step,
        first=first,
        second=second,
        facts=facts,
    )


def request_follow_up_record(
    *, actor: User, request: InformationRequest, received_on: datetime.date
) -> InformationRequest:
    """The written follow-up of an urgent verbal request has arrived (O 13.1)."""
    _require_manager(actor, request)
    if received_on > timezone.localdate() or received_on < request.received_on:
        raise ValidationError(
            {"received_on": "The date must be between the day it arrived and today"}
        )
    with transaction.atomic():
        locked = _locked(request)
        if locked.urgency != "urgent_verbal":
            raise ValidationError("Only an urgent verbal request needs a written follow-up")
        locked.written_follow_up_on = received_on
        locked.save(update_fields=["written_follow_up_on"])
        request_event(actor, locked, "request.followed_up", {"written_follow_up_on": received_on})
    return locked


def start_answers(request: InformationRequest) -> dict[str, Any]:
    """The decision's first page as the start form would save it for this request, plus
    what the request says of purpose and legal basis."""
    return {
        "requester_agency_id": request.other_agency_id,
        "requester_agency_name": request.other_agency_name,
        "requester_name": ", ".join(p for p in (request.contact_name, request.contact_role) if p),
        "received_on": request.received_on.isoformat(),
        "request_details": "; ".join(request.items),
        "purpose": request.purpose,
        "legal_basis": "; ".join(summary(request)["legal_bases"]),
        "information_request_id": request.pk,
    }


def request_answer_start(*, actor: User, request: InformationRequest) -> Decision:
    """Answering a request, or refusing it, is a decision (L 4.5.21): start one pre-filled
    from the request, or return the one already started."""
    if not request.is_incoming:
        raise ValidationError("Only a request received is answered by a decision")
    with transaction.atomic():
        locked = _locked(request)
        if locked.case is None:
            raise ValidationError("Link the request to a case first")
        if not permissions.may_record_on(actor, locked.case):
            raise PermissionDenied("You may not record decisions on this case.")
        if locked.decision_id is not None:
            return Decision.objects.get(pk=locked.decision_id)
        decision = sharing_services.decision_start(
            actor=actor, case=locked.case, kind="request_received", start=start_answers(locked)
        )
        locked.decision = decision
        locked.save(update_fields=["decision"])
        request_event(actor, locked, "request.answer_started", {"decision": decision.pk})
    return decision
