"""Demo exchanges for `demo_data` (through the services), on top of sharing's demo decisions:

- Northshire Police asked children's social care about Amelia Clarke 20 working days ago:
  overdue, in csc.lio's queue;
- a housing association off the service asked about Noah Williams 13 working days ago:
  due in 2 working days;
- the health visitor's disclosure about baby Oliver Brown waits in children's social
  care's inbox to be acknowledged;
- the school corrects what it shared about Ethan Wright: children's social care is told at
  once through the service; the after-school club, off the service, is still to be told.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies.models import Agency
from records.models import Case
from sharing import demo as sharing_demo
from sharing import services as sharing_services
from sharing.forms import QUESTION_FORMS
from sharing.selectors import form_context

from . import services, workdays
from .models import Correction, InformationRequest


def working_days_ago(count: int, today: datetime.date) -> datetime.date:
    day = today
    while workdays.working_days_between(day, today) < count:
        day -= workdays.ONE_DAY
    return day


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _requests(agencies: dict[str, Agency], today: datetime.date) -> None:
    police, csc = agencies["police"], agencies["csc"]
    asked = services.request_record(
        actor=_user("police.practitioner"),
        direction="outgoing",
        other_agency=csc,
        contact_name="Duty team",
        contact_role="Children's social care front door",
        urgency="written",
        purpose="Strategy discussion under section 47 after a disclosure at school",
        legal_bases=["ca1989_s47", "cda1998_s115"],
        items=[
            "Whether Amelia Clarke is known to children's social care",
            "Any current child protection plan",
            "The allocated social worker's name",
        ],
        received_on=working_days_ago(20, today),
    )
    lead = _user("csc.lio")
    holder = InformationRequest.objects.get(exchange_id=asked.exchange_id, agency=csc)
    services.request_link_case(
        actor=lead, request=holder, case=Case.objects.get(agency=csc, reference="CSC-1001")
    )
    assert police  # the request came from the police's own record, above
    housing = services.request_record(
        actor=_user("csc.practitioner"),
        direction="incoming",
        other_agency=None,
        other_agency_name="Northshire Homes Housing Association",
        other_agency_contact="Riverside House, Northshire; switchboard 01632 960123",
        contact_name="Dana Lee",
        contact_role="Tenancy sustainment officer",
        contact_details="dana.lee@northshirehomes.example",
        verification="called_back",
        urgency="written",
        purpose="Decide whether the family can be moved to a larger home safely",
        legal_bases=["ca2004_s10"],
        items=["Who lives in the household", "Any risk to staff visiting the home"],
        received_on=working_days_ago(13, today),
    )
    services.request_link_case(
        actor=_user("csc.practitioner"),
        request=housing,
        case=Case.objects.get(agency=csc, reference="CSC-1002"),
    )


def _share_off_the_service(actor: Any, case: Case, agencies: dict[str, Agency]) -> Any:
    decision = sharing_services.decision_start(
        actor=actor,
        case=case,
        kind="proactive",
        start={"prompted_by": "Planning who collects Ethan after school"},
    )
    shared = sharing_demo.how_shared(
        agencies["csc"], [("Parent is known locally to misuse drugs", "fact")]
    )
    shared.update(
        recipient_agency_id="0",
        recipient_agency_name="Riverside After-School Club",
        recipient_name="Club leader",
        recipient_role="Safeguarding lead",
    )
    pages = [
        (
            1,
            sharing_demo.purpose_answers(
                "early_help", ["ca2004_s10"], "Agree safe collection arrangements"
            ),
        ),
        (2, {"identifiable": "yes", "identifiable_people": ["child", "parent_carer"]}),
        (3, {"relationship": "not_confidential_public"}),
        (7, shared),
        (
            8,
            {
                "decision": "share",
                "reasons": "Widely known; needed to keep Ethan safe at collection time",
                "authorised_by": "Designated safeguarding lead",
            },
        ),
    ]
    context = form_context(decision)
    for number, data in pages:
        form = QUESTION_FORMS[number](data, context=context)
        if not form.is_valid():
            raise ValueError(f"demo answers for question {number}: {form.errors.as_json()}")
        decision = sharing_services.decision_save_answer(
            actor=actor, decision=decision, number=number, answers=form.answers()
        )
    return sharing_services.decision_submit(actor=actor, decision=decision).disclosure


def _correction(agencies: dict[str, Agency]) -> None:
    school = agencies["school"]
    case = Case.objects.get(agency=school, reference="RPS-0042")
    actor = _user("school.practitioner")
    to_csc = case.disclosures.filter(recipient_agency=agencies["csc"]).first()
    if to_csc is None:
        return  # sharing's demo did not record the school's decision
    to_club = _share_off_the_service(actor, case, agencies)
    services.correction_record(
        actor=actor,
        case=case,
        disclosures=[to_csc, to_club],
        inaccurate="We said that Ethan's parent is known locally to misuse drugs.",
        corrected="It is his mother's former partner, who no longer lives with the family.",
    )


def load(*, agencies: dict[str, Agency]) -> None:
    """Idempotent: each scenario is added once."""
    today = timezone.localdate()
    if not InformationRequest.objects.exists():
        _requests(agencies, today)
    services.exchange_catch_up()  # sharing's demo disclosures reach their inboxes
    if not Correction.objects.exists():
        _correction(agencies)
