"""What was received: a disclosure delivered to an agency on the service, then opened,
acknowledged and filed, each step on both agencies' chains."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from agencies import permissions
from records.models import Case
from sharing import catalogues as sharing_cat
from sharing.models import Decision, Disclosure

from ..models import InformationRequest, Receipt
from .ends import End, both_ends
from .requests import ends_of, request_event

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def sender_end(disclosure: Disclosure) -> End:
    return End(
        agency_id=disclosure.originator_id,
        agency_name=disclosure.originator.name,
        object_type="disclosure",
        object_id=disclosure.pk,
        case_id=disclosure.case_id,
    )


def recipient_end(receipt: Receipt) -> End:
    return End(
        agency_id=receipt.agency_id,
        agency_name=receipt.agency.name,
        object_type="receipt",
        object_id=receipt.pk,
        case_id=receipt.filed_case_id,
    )


def received_facts(disclosure: Disclosure) -> dict[str, Any]:
    """What the recipient holds: what was disclosed and its limits, never the case."""
    decision = disclosure.decision
    q1 = decision.answers.get("q1") or {}
    return {
        "sender": disclosure.originator.name,
        "sent_by": decision.author.get_full_name() or decision.author.get_username(),
        "about": disclosure.case.child_name,
        "purpose": q1.get("purpose", ""),
        "legal_bases": [
            sharing_cat.label(sharing_cat.LEGAL_BASES, c) for c in decision.legal_bases
        ],
        "items": list(disclosure.items),
        "use_until": disclosure.use_until,
        "person_told": sharing_cat.label(sharing_cat.PERSON_TOLD, disclosure.person_told),
    }


def _named_recipient(disclosure: Disclosure) -> User | None:
    """The practitioner the disclosure names, when exactly one member of the recipient
    agency has that full name (docs/adr/0026)."""
    name = " ".join(disclosure.recipient_name.split())
    if not name or disclosure.recipient_agency_id is None:
        return None
    matches = list(
        get_user_model()
        .objects.annotate(full=Concat("first_name", Value(" "), "last_name"))
        .filter(
            is_active=True,
            membership__agency_id=disclosure.recipient_agency_id,
            full__iexact=name,
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None


def disclosure_deliver(*, disclosure: Disclosure) -> Receipt | None:
    """Put a disclosure to an agency on the service in that agency's inbox: "sent" on
    the sender's chain and "received" on the recipient's, in one transaction. Returns the
    receipt (the existing one if already delivered), or None for a recipient off the
    service."""
    if disclosure.recipient_agency_id is None:
        return None
    with transaction.atomic():
        locked = (
            Disclosure.objects.select_for_update(of=("self",))
            .select_related("originator", "recipient_agency", "case", "decision__author")
            .get(pk=disclosure.pk)
        )
        existing = Receipt.objects.filter(disclosure=locked).first()
        if existing is not None:
            return existing
        assert locked.recipient_agency is not None
        receipt = Receipt.objects.create(
            disclosure=locked,
            agency=locked.recipient_agency,
            sender_agency=locked.originator,
            recipient_user=_named_recipient(locked),
            delivered_at=timezone.now(),
        )
        both_ends(
            actor=locked.decision.author,
            action=("disclosure.sent", "disclosure.received"),
            exchange=receipt.exchange_id,
            step="sent",
            first=sender_end(locked),
            second=recipient_end(receipt),
            facts={"disclosure": locked.pk, "recipient": locked.recipient_name},
            own={"second": received_facts(locked)},
        )
    return receipt


def _locked(receipt: Receipt) -> Receipt:
    return (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("agency", "disclosure__originator")
        .get(pk=receipt.pk)
    )


def _step(actor: User, receipt: Receipt, action: str, facts: dict[str, Any]) -> None:
    both_ends(
        actor=actor,
        action=action,
        exchange=receipt.exchange_id,
        step=action.split(".", 1)[1],
        first=sender_end(receipt.disclosure),
        second=recipient_end(receipt),
        facts=facts,
    )


def receipt_open(*, actor: User, receipt: Receipt) -> Receipt:
    """The first time someone the item is for opens it. Auditors reading it change nothing."""
    if not permissions.may_handle_receipt(actor, receipt) or receipt.opened_at is not None:
        return receipt
    with transaction.atomic():
        locked = _locked(receipt)
        if locked.opened_at is None:
            locked.opened_at, locked.opened_by = timezone.now(), actor
            locked.save(update_fields=["opened_at", "opened_by"])
            _step(actor, locked, "disclosure.opened", {"opened_at": locked.opened_at})
    receipt.opened_at, receipt.opened_by = locked.opened_at, locked.opened_by
    return receipt


def receipt_acknowledge(*, actor: User, receipt: Receipt) -> Receipt:
    """ "We have this and will handle it under the stated limits."""
    if not permissions.may_handle_receipt(actor, receipt):
        raise PermissionDenied("Only the person it was sent to, or your lead officer, may do this.")
    with transaction.atomic():
        locked = _locked(receipt)
        if locked.acknowledged_at is None:
            now = timezone.now()
            if locked.opened_at is None:
                locked.opened_at, locked.opened_by = now, actor
                _step(actor, locked, "disclosure.opened", {"opened_at": now})
            locked.acknowledged_at, locked.acknowledged_by = now, actor
            locked.save(
                update_fields=["opened_at", "opened_by", "acknowledged_at", "acknowledged_by"]
            )
            _step(
                actor,
                locked,
                "disclosure.acknowledged",
                {"acknowledged_at": now, "undertaking": "Handled under the stated limits on use"},
            )
    return locked


def receipt_file(*, actor: User, receipt: Receipt, case: Case) -> Receipt:
    """File what was received to one of the recipient agency's own cases."""
    if not permissions.may_handle_receipt(actor, receipt):
        raise PermissionDenied("Only the person it was sent to, or your lead officer, may do this.")
    if case.agency_id != receipt.agency_id or not permissions.may_record_on(actor, case):
        raise ValidationError({"case": "Choose one of your agency's cases that you work on"})
    with transaction.atomic():
        locked = _locked(receipt)
        if locked.acknowledged_at is None:
            raise ValidationError("Acknowledge it before you file it")
        if locked.filed_at is not None:
            raise ValidationError("It has already been filed")
        locked.filed_at, locked.filed_by, locked.filed_case = timezone.now(), actor, case
        locked.save(update_fields=["filed_at", "filed_by", "filed_case"])
        both_ends(
            actor=actor,
            action="disclosure.filed",
            exchange=locked.exchange_id,
            step="filed",
            first=sender_end(locked.disclosure),
            second=recipient_end(locked),
            facts={"filed_at": locked.filed_at},
            own={"second": received_facts(locked.disclosure)},
        )
    return locked


def decision_submitted_receive(*, decision: Decision, disclosure: Disclosure | None) -> None:
    """A decision has just been submitted (`sharing.signals.decision_submitted`, inside
    its transaction): its disclosure goes to the recipient agency's inbox, if that agency
    is on the service, and the request it answers is marked answered, on both chains."""
    if disclosure is not None:
        disclosure_deliver(disclosure=disclosure)
    _record_answers(None, decision_id=decision.pk)


def _record_answers(agency_id: int | None, *, decision_id: int | None = None) -> None:
    """Requests whose answering decision has been submitted: answered (or refused), on
    our chain and, when the requester is on the service, on theirs."""
    pending = InformationRequest.objects.filter(
        decision__status=Decision.Status.SUBMITTED, answered_at__isnull=True
    ).select_related("decision", "decision__author", "agency", "counterpart__agency")
    if agency_id is not None:
        pending = pending.filter(agency_id=agency_id)
    if decision_id is not None:
        pending = pending.filter(decision_id=decision_id)
    for request in pending:
        decision = request.decision
        assert decision is not None
        with transaction.atomic():
            locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
            if locked.answered_at is not None:
                continue
            request.answered_at, request.outcome = decision.submitted_at, decision.outcome
            request.save(update_fields=["answered_at", "outcome"])
            facts = {
                "decision": decision.pk,
                "outcome": sharing_cat.label(sharing_cat.DECISIONS, decision.outcome),
                "answered_at": decision.submitted_at,
            }
            counterpart = request.counterpart
            if counterpart is None:
                request_event(decision.author, request, "request.answered", facts)
                continue
            counterpart.answered_at, counterpart.outcome = request.answered_at, request.outcome
            counterpart.save(update_fields=["answered_at", "outcome"])
            requester, holder = ends_of(request)
            both_ends(
                actor=decision.author,
                action="request.answered",
                exchange=request.exchange_id,
                step="answered",
                first=requester,
                second=holder,
                facts={k: v for k, v in facts.items() if k != "decision"},
                own={"second": {"decision": decision.pk}},
            )


def exchange_catch_up(*, agency_id: int | None = None) -> int:
    """Deliver the disclosures to agencies on the service that are not yet in their inbox,
    and record requests answered by a decision since. Returns the number delivered.

    Since `sharing.signals.decision_submitted`, every submission delivers at once
    (`decision_submitted_receive`); this catches up what was submitted without it (data
    loaded in bulk, such as the benchmark's scale data, or records from before the
    signal), and the pages that show the exchange still call it first, so nothing waits
    (docs/adr/0026). `agency_id` limits it to what that agency sends or receives.
    """
    pending = Disclosure.objects.filter(recipient_agency__isnull=False, receipt__isnull=True)
    if agency_id is not None:
        pending = pending.filter(recipient_agency_id=agency_id) | pending.filter(
            originator_id=agency_id
        )
    delivered = 0
    for disclosure in pending.order_by("id"):
        disclosure_deliver(disclosure=disclosure)
        delivered += 1
    _record_answers(agency_id)
    return delivered
