"""Answers for each question page, as a browser would post them, for the procedures' scenarios."""

from __future__ import annotations

import datetime

from consent.models import ConsentRecord
from tests.factories.agencies import AgencyFactory  # noqa: F401  (re-exported for tests)

TODAY = datetime.date.today()


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


START_PROACTIVE = {"kind": "proactive"}
ABOUT_PROACTIVE = {"prompted_by": "Concerns raised at school"}

Q1_PURPOSE = {
    "purpose_category": "child_protection_enquiry",
    "purpose": "To protect the child from significant harm",
    "legal_bases": ["ca1989_s47"],
    "within_functions": "yes",
    "need_to_know": "yes",
    "anonymised_would_do": "no",
}
Q1_NO_PURPOSE = {"purpose_category": "none", "purpose": ""}
Q2_IDENTIFIABLE = {"identifiable_people": ["child", "parent_carer"], "identity_at_risk": "no"}
Q2_ANONYMISED = {"identifiable_people": ["none"]}
Q3_CONFIDENTIAL = {"relationship": "formal", "special_category": ["none"]}
Q3_WIDELY_KNOWN = {"relationship": "not_confidential_public", "special_category": ["none"]}
Q4_REFUSED = {"consent_position": "refused"}
Q4_NOT_SOUGHT = {"consent_position": "not_sought:child_at_increased_risk"}
Q5_NO_DUTY = {"statutory_duty": "no"}
Q5_S47 = {
    "statutory_duty": "yes",
    "duty": "ca1989_s47_enquiry",
    "reference": "DC Smith, s47 request 3 March",
}


def q4_obtained(*consents) -> dict[str, object]:
    return {
        "consent_position": "obtained",
        "consent_ids": [str(c.pk) for c in consents] or ["none"],
        "pr_conflict": "no",
    }


def q6(conclusion: str = "justified", risk: str = "reasonable_cause") -> dict[str, object]:
    return {
        "risk_level": risk,
        "if_shared": "Causes of failure to thrive can be identified",
        "if_not_shared": "Baby may continue to suffer harm",
        "pressing_need": ["risk_if_not_disclosed", "urgency"],
        "advice_from": ["designated_safeguarding_lead"],
        **date_fields("advice_when", TODAY),
        "advice_given": "Share with children's social care",
        "sharing_proportionate": "yes",
        "proportionate": "Only the health visitor notes",
        "conclusion": conclusion,
    }


def q7(agency_id: int, method: str = "secure_email", **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "item_1_text": "Weight has fallen below the 2nd centile",
        "item_1_nature": "fact",
        "item_2_text": "Parent seems reluctant to attend appointments",
        "item_2_nature": "opinion",
        "private_law": "no",
        "recipient_agency_id": str(agency_id),
        "recipient_name": "Jo Bloggs",
        "recipient_role": "Duty social worker",
        "verification": "called_back",
        "method": method,
        **date_fields("shared_on", TODAY),
        "checklist": [
            "necessary",
            "proportionate",
            "relevant",
            "adequate",
            "accurate",
            "timely",
            "secure",
        ],
        "onward_disclosure": "no",
        "limits_explained": "yes",
        "person_told": "will_be_told",
    }
    data.update(extra)
    return data


def q8(
    decision: str = "share", reasons: str = "Risk of significant harm outweighs confidentiality"
) -> dict[str, object]:
    return {
        "decision": decision,
        "reasons": reasons,
        "authorised_by": "A. Manager, team manager",
        "risk_assessment": "Assessment on file, 3 March",
    }


def answer_question(client, decision, number: int, data: dict) -> str:
    """Post ``data`` to every page question ``number`` needs, in order, as a browser would
    (each page reads only its own fields). Returns where the last page sent the user."""
    from sharing import journey, selectors
    from sharing.presenters import page_url

    location, done = "", set()
    while True:
        decision.refresh_from_db()
        progress = selectors.draft_progress(decision.author, decision=decision)
        pages = [s for s in progress.sequence if s.question == number and s.ref not in done]
        if not pages:
            assert location, f"question {number} is not on the route {progress.route}"
            return location
        spec = pages[0]
        seen = journey.version(spec, progress.engine_input, decision.typed)
        response = client.post(page_url(decision.pk, spec), {**data, "seen": seen})
        assert response.status_code == 302, (spec.ref, response.context["form"].errors)
        done.add(spec.ref)
        location = response["Location"]


def consent_given(
    case,
    *,
    agencies,
    recorded_by,
    giver_role="parent_with_pr",
    competent=None,
    outcome="given",
    purposes=("child_protection_enquiry",),
) -> ConsentRecord:
    consent = ConsentRecord.objects.create(
        case=case,
        giver_role=giver_role,
        giver_name="Karen Clarke",
        competent=competent,
        told=["what_collected", "purposes", "who_shared_with", "recipient_uses_including_crime"],
        form="explicit_written",
        outcome=outcome,
        obtained_on=TODAY,
        scope_purposes=list(purposes),
        recorded_by=recorded_by,
    )
    consent.scope_agencies.set(agencies)
    return consent


def submitted_decision(case, author, **fields):
    """A submitted decision row as the submit service leaves it (no audit events)."""
    from django.utils import timezone

    from sharing.models import Decision

    values = {
        "kind": "proactive",
        "status": "submitted",
        "submitted_at": timezone.now(),
        "outcome": "share",
        "recommendation": "may_share",
        "answers": {"q8": {"reasons": "r"}},
    }
    values.update(fields)
    return Decision.objects.create(case=case, author=author, **values)
