"""Demo records for the lead officer's desk, made through the services (`demo_data`).

Northshire Children's Social Care's lead officer (csc.lio) finds three flagged decisions
to countersign, return and escalate, and an escalation from Northshire Police to answer.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from records import services as record_services
from records.models import Allocation, Case
from sharing import demo as sharing_demo
from sharing.models import Decision

from . import escalations
from .models import Escalation

# (reference, child, date of birth): cases with a flagged decision not to share.
CSC_CASES = [
    ("CSC-1004", "Ruby Ahmed", datetime.date(2013, 7, 9)),
    ("CSC-1005", "Jacob Green", datetime.date(2012, 11, 23)),
]
POLICE_CASE = "NP-24-5531"
ESCALATION_SUMMARY = (
    "We hold a disclosure by a 15-year-old about harm at home. Our officer decided not to "
    "share it with your team because the young person refused consent, although the risk "
    "recorded is significant harm."
)
ESCALATION_REASONS = (
    "Our view is that the young person's refusal should be respected while we build trust. "
    "We would like your view before we decide whether to share without consent."
)


def _case(lead: Any, practitioner: Any, reference: str, name: str, born: datetime.date) -> Case:
    case = Case.objects.filter(agency_id=lead.membership.agency_id, reference=reference).first()
    if case is None:
        case = record_services.case_create(
            actor=lead, reference=reference, child_name=name, date_of_birth=born
        )
    if not Allocation.objects.filter(case=case, user=practitioner, ended_at__isnull=True).exists():
        record_services.case_allocate(actor=lead, case=case, user=practitioner)
    return case


def load(*, agencies: dict[str, Any]) -> None:
    users = get_user_model().objects
    csc_lead, csc_practitioner = (
        users.get(username="csc.lio"),
        users.get(username="csc.practitioner"),
    )
    for reference, name, born in CSC_CASES:
        case = _case(csc_lead, csc_practitioner, reference, name, born)
        sharing_demo.load(
            case=case, actor=csc_practitioner, agencies=agencies, scenario="not_shared_despite_harm"
        )
    police_lead = users.get(username="police.lio")
    case = Case.objects.get(agency=agencies["police"], reference=POLICE_CASE)
    sharing_demo.load(
        case=case,
        actor=users.get(username="police.practitioner"),
        agencies=agencies,
        scenario="not_shared_despite_harm",
    )
    decision = Decision.objects.filter(case=case, status=Decision.Status.SUBMITTED).first()
    if decision is not None and not Escalation.objects.filter(decision=decision).exists():
        escalations.review_escalate(
            actor=police_lead,
            decision=decision,
            version=0,
            to_agency=agencies["csc"],
            summary=ESCALATION_SUMMARY,
            reasons=ESCALATION_REASONS,
        )
