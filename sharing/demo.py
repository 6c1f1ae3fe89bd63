"""Demo decisions for `demo_data`: the procedures' own examples, made through the services
and validated by the real pages. The answer builders are public: the scale data uses them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from agencies.models import Agency
from consent import services as consent_services
from records.models import Case

from . import journey, services
from .forms import question_answers
from .models import Decision

TOLD = ["what_collected", "purposes", "who_shared_with", "recipient_uses_including_crime"]
CHECKLIST = ["necessary", "proportionate", "relevant", "adequate", "accurate", "timely", "secure"]


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def purpose_answers(category: str, bases: list[str], text: str) -> dict[str, Any]:
    """Question 1 as its pages would be sent: a purpose, legal bases, within the agency's
    functions, to someone who needs to know, anonymised information would not do."""
    return {
        "purpose_category": category,
        "purpose": text,
        "legal_bases": bases,
        "within_functions": "yes",
        "need_to_know": "yes",
        "anonymised_would_do": "no",
    }


SAFEGUARDING = "safeguarding_children_individuals"
NO_PURPOSE = {"purpose_category": "none", "purpose": ""}


def identifies(*people: str, at_risk: str = "") -> dict[str, Any]:
    """Question 2: who the information identifies (none: anonymised), and how anyone at risk
    from an abuser is protected."""
    if not people:
        return {"identifiable_people": ["none"]}
    protected = {"identity_at_risk": "yes", "identity_protection": at_risk} if at_risk else {}
    return {"identifiable_people": list(people), "identity_at_risk": "no", **protected}


def confidential(relationship: str, *special: str, condition: str = "") -> dict[str, Any]:
    """Question 3: how it was given, and any special category information."""
    return {
        "relationship": relationship,
        "special_category": list(special) or ["none"],
        "dpa_condition": condition,
    }


def public_interest(
    risk: str, conclusion: str, *, advice_from: tuple[str, ...] = (), advised: str = ""
) -> dict[str, Any]:
    """Question 6 as its pages would be sent."""
    data: dict[str, Any] = {
        "risk_level": risk,
        "if_shared": "Children's social care can assess and act",
        "if_not_shared": "The child may go on suffering harm",
        "pressing_need": ["risk_if_not_disclosed", "urgency"],
        "advice_from": list(advice_from) or ["none"],
        "sharing_proportionate": "yes",
        "proportionate": "Only the facts that bear on the concern are shared",
        "conclusion": conclusion,
    }
    if advice_from:
        data.update({**date_fields("advice_when", timezone.localdate()), "advice_given": advised})
    return data


def how_shared(
    recipient: Agency, items: list[tuple[str, str]], method: str = "secure_email", **extra: Any
) -> dict[str, Any]:
    """Question 7 as its pages would be sent."""
    data: dict[str, Any] = {
        "private_law": "no",
        "recipient_agency_id": str(recipient.pk),
        "recipient_name": "Duty officer",
        "recipient_role": "Duty social worker",
        "verification": "called_back",
        "method": method,
        **date_fields("shared_on", timezone.localdate()),
        "checklist": CHECKLIST,
        "onward_disclosure": "no",
        "limits_explained": "yes",
        "person_told": "will_be_told",
    }
    for n, (text, nature) in enumerate(items, start=1):
        data[f"item_{n}_text"], data[f"item_{n}_nature"] = text, nature
    data.update(extra)
    return data


def record_decision(
    actor: Any,
    case: Case,
    kind: str,
    start: dict[str, Any],
    pages: list[tuple[int, dict[str, Any]]],
    *,
    submit: bool = True,
) -> Decision:
    """Start a decision and answer its questions page by page, as the pages would, then
    submit it (unless `submit` is False: a draft left part way). Used by other apps' demo
    data and the tests' factories too."""
    decision = services.decision_start(actor=actor, case=case, kind=kind, start=start)
    context = {
        "kind": kind,
        "agencies": list(Agency.objects.order_by("name")),
        "consents": list(case.consents.all()),
        "agency_kind": case.agency.kind,
    }
    for number, data in pages:
        answers = question_answers(
            number, data, context=context, earlier=decision.answers, partial=not submit
        )
        decision = save_question(actor, decision, number, answers)
    return services.decision_submit(actor=actor, decision=decision) if submit else decision


def save_question(actor: Any, decision: Decision, number: int, answers: dict[str, Any]) -> Decision:
    """Save a question's answers page by page, as the pages do (an audit event each)."""
    for spec in journey.pages_of(number):
        mine = {key: answers[key] for key in spec.keys if key in answers}
        if mine:
            decision = services.decision_save_answer(
                actor=actor, decision=decision, number=number, page=spec.slug, answers=mine
            )
    return decision


def load(*, case: Case, actor: Any, agencies: dict[str, Agency], scenario: str) -> None:
    """Record one scenario on a case that has no decisions yet."""
    if Decision.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    csc = agencies["csc"]
    surname = case.child_name.split()[-1]
    if scenario == "baby_failing_to_thrive":  # L 4.4.5
        refusal = consent_services.consent_record(
            actor=actor,
            case=case,
            giver_role="parent_with_pr",
            giver_name=f"Karen {surname}",
            form="explicit_verbal",
            verbal_details="Refused at the home visit",
            outcome="refused",
            obtained_on=today,
            told=[
                "what_collected",
                "purposes",
                "who_shared_with",
                "recipient_uses_including_crime",
            ],
        )
        purpose = "To let children's social care assess why the baby is failing to thrive"
        record_decision(
            actor,
            case,
            "proactive",
            {"prompted_by": "Baby's weight has fallen sharply; no medical cause found"},
            [
                (
                    1,
                    purpose_answers(
                        "child_protection_enquiry", ["ca1989_s47", "dpa2018_safeguarding"], purpose
                    ),
                ),
                (2, identifies("child", "parent_carer")),
                (
                    3,
                    confidential("formal", "health", condition="safeguarding_children_individuals"),
                ),
                (4, {"consent_position": "refused", "refusal_ids": [str(refusal.pk)]}),
                (5, {"statutory_duty": "no"}),
                (
                    6,
                    public_interest(
                        "reasonable_cause",
                        "justified",
                        advice_from=("designated_safeguarding_lead",),
                        advised="Share with children's social care today",
                    ),
                ),
                (
                    7,
                    how_shared(
                        csc,
                        [
                            ("Weight below the 0.4th centile at 3 visits", "fact"),
                            ("Parents seem reluctant to attend clinic", "opinion"),
                        ],
                    ),
                ),
                (
                    8,
                    {
                        "decision": "share",
                        "reasons": "Reasonable cause to believe the baby is suffering significant "
                        "harm; refusal of consent does not outweigh it",
                        "authorised_by": "Team leader",
                        "risk_assessment": "Growth and home assessment on file",
                    },
                ),
            ],
        )
    elif scenario == "widely_known":  # L 4.3.3
        record_decision(
            actor,
            case,
            "proactive",
            {"prompted_by": "Parent's drug misuse, known widely in the community"},
            [
                (
                    1,
                    purpose_answers(
                        "early_help",
                        ["ca2004_s10"],
                        "Early help assessment with children's social care",
                    ),
                ),
                (2, identifies("child", "parent_carer")),
                (3, confidential("not_confidential_public")),
                (
                    7,
                    how_shared(
                        csc,
                        [("Parent is known locally to misuse drugs", "fact")],
                        method="telephone",
                        written_confirmation="yes",
                    ),
                ),
                (
                    8,
                    {
                        "decision": "share",
                        "reasons": "Not confidential; needed for the early help assessment",
                        "authorised_by": "Designated safeguarding lead",
                    },
                ),
            ],
        )
    elif scenario == "not_shared_despite_harm":
        record_decision(
            actor,
            case,
            "proactive",
            {"prompted_by": "Disclosure by the young person"},
            [
                (
                    1,
                    purpose_answers(
                        "child_protection_enquiry", ["ca1989_s47"], "Protect the young person"
                    ),
                ),
                (2, identifies("child")),
                (3, confidential("informal")),
                (4, {"consent_position": "refused", "refusal_ids": []}),
                (5, {"statutory_duty": "no"}),
                (6, public_interest("suffered_or_likely", "not_justified")),
                (
                    8,
                    {
                        "decision": "do_not_share",
                        "reasons": "Young person would stop attending; will review weekly",
                        "authorised_by": "Senior practitioner",
                    },
                ),
            ],
        )
    elif scenario == "draft":
        # Left part way, for the demo practitioner to resume from its task list.
        record_decision(
            actor,
            case,
            "proactive",
            {"prompted_by": f"{case.child_name.split()[0]}'s school rang: bruises on both arms"},
            [
                (
                    1,
                    purpose_answers(
                        "child_protection_enquiry",
                        ["ca1989_s47", "dpa2018_safeguarding"],
                        "Ask the police to join a strategy discussion about the bruising",
                    ),
                ),
                (2, identifies("child", "parent_carer")),
                (3, {"relationship": "formal"}),
            ],
            submit=False,
        )
