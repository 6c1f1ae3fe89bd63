"""Exchanges made the way the pages make them: through the services."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from exchange import services
from sharing.demo import record_decision
from tests.factories.sharing import Q1_PURPOSE, Q2_IDENTIFIABLE, Q3_WIDELY_KNOWN, q7, q8


def share(case, author, recipient_agency, *, recipient_name="Jo Bloggs", **q7_extra):
    """A submitted decision sharing two items (a fact and an opinion) with
    `recipient_agency` (None: an organisation off the service); returns its disclosure."""
    if recipient_agency is None:
        q7_data = q7(0, recipient_agency_name="Riverside Housing Association", **q7_extra)
    else:
        q7_data = q7(recipient_agency.pk, **q7_extra)
    q7_data["recipient_name"] = recipient_name
    pages = [(1, Q1_PURPOSE), (2, Q2_IDENTIFIABLE), (3, Q3_WIDELY_KNOWN), (7, q7_data), (8, q8())]
    start = {"prompted_by": "Concerns at school"}
    return record_decision(author, case, "proactive", start, pages).disclosure


@contextlib.contextmanager
def without_delivery() -> Iterator[None]:
    """Submissions inside do not reach the exchange, as records loaded in bulk do not
    (the scale data): what `services.exchange_catch_up` is there for."""
    from exchange.receivers import on_decision_submitted
    from sharing.signals import decision_submitted

    assert decision_submitted.disconnect(dispatch_uid="exchange.deliver")
    try:
        yield
    finally:
        decision_submitted.connect(on_decision_submitted, dispatch_uid="exchange.deliver")


def delivered(case, author, recipient_agency, **kwargs):
    """A disclosure to an agency on the service, delivered to its inbox; the receipt."""
    return services.disclosure_deliver(disclosure=share(case, author, recipient_agency, **kwargs))


def incoming(recorder, *, received_on: datetime.date, **overrides):
    """A request received by the recorder's agency from an agency off the service."""
    values = {
        "direction": "incoming",
        "other_agency": None,
        "other_agency_name": "Riverside Housing Association",
        "other_agency_contact": "1 High Street; switchboard 01632 960000",
        "contact_name": "Dana Lee",
        "contact_role": "Tenancy officer",
        "verification": "called_back",
        "urgency": "written",
        "purpose": "Assess whether the family can be rehoused safely",
        "legal_bases": ["ca1989_s17"],
        "items": ["Names of the adults in the household", "Any known risks to visitors"],
        "received_on": received_on,
    }
    values.update(overrides)
    return services.request_record(actor=recorder, **values)


def exchange_world(world, agency, lead, practitioner) -> None:
    """The exchange's objects for tests/test_access.py's World: a request the home agency
    received, something it received from a third agency (with an onward request), and a
    correction it sent about its own disclosure (rows only, no audit events)."""
    from django.utils import timezone

    from agencies.models import Agency
    from exchange.models import (
        Correction,
        CorrectionNotice,
        InformationRequest,
        OnwardRequest,
        Receipt,
    )
    from sharing.models import Disclosure
    from tests.factories.agencies import AgencyFactory
    from tests.factories.records import CaseFactory
    from tests.factories.sharing import TODAY, submitted_decision

    def disclosure(case, author, to: Agency) -> Disclosure:
        decision = submitted_decision(case, author)
        return Disclosure.objects.create(
            decision=decision,
            case=case,
            originator=case.agency,
            grounds="s47",
            items=[{"text": "A fact", "nature": "fact"}],
            recipient_agency=to,
            recipient_agency_name=to.name,
            method="secure_email",
            shared_at=timezone.now(),
        )

    world.information_request = InformationRequest.objects.create(
        agency=agency,
        direction="incoming",
        other_agency_name="Riverside Housing Association",
        contact_name="Dana Lee",
        urgency="written",
        purpose="Rehousing",
        legal_bases=["ca1989_s17"],
        items=["Names"],
        case=world.case,
        received_on=TODAY,
        due_on=TODAY,
        recorded_by=practitioner,
    )
    third = AgencyFactory()
    third_case = CaseFactory(agency=third, created_by=lead)
    world.receipt = Receipt.objects.create(
        disclosure=disclosure(third_case, lead, agency),
        agency=agency,
        sender_agency=third,
        delivered_at=timezone.now(),
    )
    world.onward = OnwardRequest.objects.create(
        receipt=world.receipt, pass_to="A school", what="A fact", reason="Meals", asked_by=lead
    )
    sent = disclosure(world.case, practitioner, third)
    world.correction = Correction.objects.create(
        case=world.case,
        agency=agency,
        inaccurate="Wrong",
        corrected="Right",
        recorded_by=practitioner,
        recorded_on=TODAY,
        due_on=TODAY,
    )
    world.notice = CorrectionNotice.objects.create(
        correction=world.correction, disclosure=sent, recipient_name=third.name
    )
