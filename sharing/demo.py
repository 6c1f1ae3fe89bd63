"""Demo decisions for `demo_data`: the procedures' own examples, made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from agencies.models import Agency
from consent import services as consent_services
from records.models import Case

from . import services
from .forms import QUESTION_FORMS
from .models import Decision


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def purpose_answers(category: str, bases: list[str], text: str) -> dict[str, Any]:
    return {
        "has_purpose": "yes",
        "purpose": text,
        "purpose_category": category,
        "legal_bases": bases,
        "within_functions": "yes",
        "need_to_know": "yes",
        "anonymised_would_do": "no",
        "recipient_will_pass_on": "no",
    }


def how_shared(
    recipient: Agency, items: list[tuple[str, str]], method: str = "secure_email", **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "recipient_agency_id": str(recipient.pk),
        "recipient_name": "Duty officer",
        "recipient_role": "Duty social worker",
        "verification": "called_back",
        "method": method,
        **date_fields("shared_on", timezone.localdate()),
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
    for n, (text, nature) in enumerate(items, start=1):
        data[f"item_{n}_text"], data[f"item_{n}_nature"] = text, nature
    data.update(extra)
    return data


def _walk(
    actor: Any,
    case: Case,
    kind: str,
    start: dict[str, Any],
    pages: list[tuple[int, dict[str, Any]]],
    *,
    submit: bool = True,
) -> Decision:
    decision = services.decision_start(actor=actor, case=case, kind=kind, start=start)
    context = {
        "kind": kind,
        "agencies": list(Agency.objects.order_by("name")),
        "consents": case.consents.all(),
    }
    for number, data in pages:
        form = QUESTION_FORMS[number](data, context=context)
        if not form.is_valid():
            raise ValueError(
                f"demo answers for question {number} are invalid: {form.errors.as_json()}"
            )
        decision = services.decision_save_answer(
            actor=actor, decision=decision, number=number, answers=form.answers()
        )
    return services.decision_submit(actor=actor, decision=decision) if submit else decision


def load(*, case: Case, actor: Any, agencies: dict[str, Agency], scenario: str) -> None:
    """Record one scenario on a case that has no decisions yet."""
    if Decision.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    csc = agencies["csc"]
    if scenario == "baby_failing_to_thrive":  # L 4.4.5
        refusal = consent_services.consent_record(
            actor=actor,
            case=case,
            giver_role="parent_with_pr",
            giver_name=f"Karen {case.child_name.split()[-1]}",
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
        _walk(
            actor,
            case,
            "proactive",
            {"prompted_by": "Baby's weight has fallen sharply; no medical cause found"},
            [
                (
                    1,
                    purpose_answers(
                        "child_protection_enquiry",
                        ["ca1989_s47", "dpa2018_safeguarding"],
                        "To let children's social care assess why the baby is failing to thrive",
                    ),
                ),
                (2, {"identifiable": "yes", "identifiable_people": ["child", "parent_carer"]}),
                (
                    3,
                    {
                        "relationship": "formal",
                        "special_category": ["health"],
                        "dpa_condition": "safeguarding_children_individuals",
                    },
                ),
                (4, {"consent_status": "refused", "refusal_ids": [refusal.pk]}),
                (5, {"statutory_duty": "no"}),
                (
                    6,
                    {
                        "risk_level": "reasonable_cause",
                        "if_shared": "The cause can be found and treated",
                        "if_not_shared": "The baby may continue to suffer significant harm",
                        "proportionate": "Only growth records and visit notes",
                        "advice_sought": "yes",
                        "advice_from": ["designated_safeguarding_lead"],
                        **date_fields("advice_when", today),
                        "advice_given": "Share with children's social care today",
                        "conclusion": "justified",
                    },
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
                        "harm; refusal of consent does not outweigh it (L 4.4.5)",
                        "authorised_by": "Team leader",
                        "risk_assessment": "Growth and home assessment on file",
                    },
                ),
            ],
        )
    elif scenario == "widely_known":  # L 4.3.3
        _walk(
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
                (2, {"identifiable": "yes", "identifiable_people": ["child", "parent_carer"]}),
                (3, {"relationship": "not_confidential_public"}),
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
        _walk(
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
                (2, {"identifiable": "yes", "identifiable_people": ["child"]}),
                (3, {"relationship": "informal"}),
                (4, {"consent_status": "refused"}),
                (5, {"statutory_duty": "no"}),
                (
                    6,
                    {
                        "risk_level": "suffered_or_likely",
                        "if_shared": "Young person may disengage",
                        "if_not_shared": "Harm may continue",
                        "proportionate": "Limited facts only",
                        "advice_sought": "no",
                        "conclusion": "not_justified",
                    },
                ),
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
        _walk(
            actor,
            case,
            "proactive",
            {"prompted_by": "Concerns raised at a school meeting"},
            [
                (
                    1,
                    purpose_answers("education_support", ["ea2002_s175"], "Plan support at school"),
                ),
                (2, {"identifiable": "yes", "identifiable_people": ["child"]}),
            ],
            submit=False,
        )
