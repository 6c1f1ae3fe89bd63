"""Everything the agency holds about the subject of a request, as items to review.

Each item is plain text, written from the record in words, and marked where it names a
third party (people connected to the child other than the subject, the person who gave
consent, staff of other agencies: DPA 2018 Schedule 2 paragraph 16) or holds a
professional's opinion that may need the serious-harm test (Schedule 3). The marks
advise; the reviewer decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from consent.models import ConsentRecord
from exchange.models import Correction, InformationRequest, Receipt
from records.catalogue import label
from records.models import Case, ConnectedPerson
from sharing import catalogues as sharing_cat
from sharing.models import Decision, Disclosure


@dataclass
class Gathered:
    kind: str
    source_id: str
    title: str
    lines: list[str]
    opinion: bool = False
    named: list[str] = field(default_factory=list)  # people named besides those on the case

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line.strip())


def _day(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        value = timezone.localtime(value)
        return f"{value:%-d %B %Y at %H:%M}"
    return f"{value:%-d %B %Y}"


def _free_text(value: Any) -> Iterator[str]:
    """The words typed into a decision's answers: strings with a space in them (the
    catalogue codes an answer also holds never have one)."""
    if isinstance(value, str):
        if " " in value.strip():
            yield value.strip()
    elif isinstance(value, dict):
        for item in value.values():
            yield from _free_text(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _free_text(item)


def _listed(items: Iterable[Any]) -> str:
    return "; ".join(
        " ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
        for item in items
    )


def _case(case: Case, people: list[ConnectedPerson]) -> Gathered:
    lines = [
        f"Child: {case.child_name}, born {_day(case.date_of_birth)}",
        f"Case reference: {case.reference}",
        f"Case opened: {_day(case.created_at)}",
    ]
    lines += [f"Connected person: {p.name} ({p.get_relationship_display()})" for p in people]
    return Gathered("case", str(case.pk), f"Case record for {case.child_name}", lines)


def _person(person: ConnectedPerson) -> Gathered:
    lines = [
        f"Name: {person.name}",
        f"Relationship to the child: {person.get_relationship_display()}",
        "Has parental responsibility" if person.parental_responsibility else "",
        "Lives with the child" if person.lives_with_child else "",
        f"Notes: {person.notes}" if person.notes else "",
    ]
    return Gathered("person", str(person.pk), f"Details of {person.name}", lines)


def _decision(decision: Decision) -> Gathered:
    outcome = decision.get_outcome_display() or "No outcome recorded"
    bases = ", ".join(label(sharing_cat.LEGAL_BASES, code) for code in decision.legal_bases)
    lines = [
        f"Decided on {_day(decision.submitted_at)} by {decision.author.get_full_name()}",
        f"Outcome: {outcome}",
        f"Recipient: {decision.recipient_agency.name}" if decision.recipient_agency else "",
        f"Legal basis: {bases}" if bases else "",
        *(f"Recorded: {text}" for text in _free_text(decision.answers)),
    ]
    return Gathered(
        "decision",
        str(decision.pk),
        f"Decision about sharing information, {_day(decision.submitted_at)}",
        lines,
        opinion=True,  # the agency's own staff are not third parties: no names added
    )


def _consent(consent: ConsentRecord) -> Gathered:
    lines = [
        f"Asked: {consent.giver_name} ({consent.get_giver_role_display()})",
        f"Answer: {consent.get_outcome_display()} on {_day(consent.obtained_on)}",
        f"What it covers: {consent.scope_information}" if consent.scope_information else "",
        f"Capacity: {consent.capacity_notes}" if consent.capacity_notes else "",
        f"Conflict: {consent.conflict_notes}" if consent.conflict_notes else "",
        f"Withdrawn: {consent.withdrawal_notes}" if consent.withdrawal_notes else "",
    ]
    return Gathered(
        "consent",
        str(consent.pk),
        f"Consent asked of {consent.giver_name}, {_day(consent.obtained_on)}",
        lines,
        named=[consent.giver_name],
    )


def _disclosure_lines(disclosure: Disclosure) -> list[str]:
    recipient = ", ".join(
        part
        for part in (
            disclosure.recipient_name,
            disclosure.recipient_role,
            disclosure.recipient_agency_name,
        )
        if part
    )
    return [
        f"Shared on {_day(disclosure.shared_at)} with {recipient}",
        f"From: {disclosure.originator.name}",
        f"Grounds: {disclosure.grounds}",
        f"What was shared: {_listed(disclosure.items)}" if disclosure.items else "",
        f"Asked for: {disclosure.requested}" if disclosure.requested else "",
        f"Not told because: {disclosure.not_told_reason}" if disclosure.not_told_reason else "",
    ]


def _disclosure_sent(disclosure: Disclosure) -> Gathered:
    return Gathered(
        "disclosure_sent",
        str(disclosure.pk),
        f"Shared with {disclosure.recipient_agency_name}, {_day(disclosure.shared_at)}",
        _disclosure_lines(disclosure),
        opinion=True,
        named=[disclosure.recipient_name],
    )


def _disclosure_received(receipt: Receipt) -> Gathered:
    disclosure = receipt.disclosure
    return Gathered(
        "disclosure_received",
        str(receipt.pk),
        f"Received from {receipt.sender_agency.name}, {_day(disclosure.shared_at)}",
        _disclosure_lines(disclosure),
        opinion=True,
        named=[disclosure.recipient_name, disclosure.decision.author.get_full_name()],
    )


def _request(request: InformationRequest) -> Gathered:
    asked = "asked by" if request.direction == "incoming" else "made to"
    contact = ", ".join(p for p in (request.contact_name, request.contact_role) if p)
    lines = [
        f"Request {asked} {request.other_agency_name} on {_day(request.received_on)}",
        f"Contact: {contact}",
        f"Purpose: {request.purpose}",
        f"Asked for: {_listed(request.items)}" if request.items else "",
    ]
    return Gathered(
        "request",
        str(request.pk),
        f"Information request, {request.other_agency_name}, {_day(request.received_on)}",
        lines,
        named=[request.contact_name],
    )


def _correction(correction: Correction) -> Gathered:
    lines = [
        f"Recorded on {_day(correction.recorded_on)}",
        f"What was wrong: {correction.inaccurate}",
        f"The correction: {correction.corrected}",
    ]
    return Gathered(
        "correction",
        str(correction.pk),
        f"Correction of shared information, {_day(correction.recorded_on)}",
        lines,
    )


def gather(case: Case) -> list[Gathered]:
    """Every record the case's agency holds on the case, oldest kind first."""
    people = list(case.connected_people.order_by("id"))
    found = [_case(case, people), *(_person(p) for p in people)]
    found += [
        _decision(d)
        for d in Decision.objects.filter(case=case, status=Decision.Status.SUBMITTED)
        .select_related("author", "recipient_agency")
        .order_by("submitted_at", "id")
    ]
    found += [_consent(c) for c in ConsentRecord.objects.filter(case=case).order_by("id")]
    found += [
        _disclosure_sent(d)
        for d in Disclosure.objects.filter(case=case).select_related("originator").order_by("id")
    ]
    found += [
        _disclosure_received(r)
        for r in Receipt.objects.filter(filed_case=case)
        .select_related("sender_agency", "disclosure__originator", "disclosure__decision__author")
        .order_by("id")
    ]
    found += [
        _request(r)
        for r in InformationRequest.objects.filter(case=case, agency_id=case.agency_id).order_by(
            "id"
        )
    ]
    found += [
        _correction(c)
        for c in Correction.objects.filter(case=case, agency_id=case.agency_id).order_by("id")
    ]
    return found


def third_parties(text: str, names: Iterable[str]) -> list[str]:
    """The names in `names` that appear in `text`, as whole words, in the order given."""
    found = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(name)
    return found


def marks_for(
    item: Gathered, *, subject: str, case: Case, people: list[ConnectedPerson]
) -> tuple[list[str], list[str]]:
    """The system's marks on an item and the third parties it names. For the subject,
    everyone but themselves is a third party: the child too, when a parent asks."""
    others = [p.name for p in people] + [case.child_name] + item.named
    named = [
        name
        for name in third_parties(item.text, others)
        if name.casefold() != subject.strip().casefold()
    ]
    marks = (["third_party"] if named else []) + (["opinion"] if item.opinion else [])
    return marks, named
