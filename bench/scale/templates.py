"""The decisions the scale data repeats: the procedures' own examples, saved through the real
question pages' forms and judged by the real guidance engine."""

from __future__ import annotations

from typing import Any

from agencies.models import Agency
from sharing import guidance
from sharing.demo import confidential, how_shared, identifies, public_interest, purpose_answers
from sharing.forms import question_answers

from .plan import Template


def decision_templates(recipient: Agency) -> list[Template]:
    """A few decisions from the procedures' examples, validated by the real forms."""
    scenarios: list[tuple[str, list[tuple[int, dict[str, Any]]]]] = [
        (
            "proactive",
            [
                (
                    1,
                    purpose_answers(
                        "child_protection_enquiry", ["ca1989_s47"], "Protect the child from harm"
                    ),
                ),
                (2, identifies("child", "parent_carer")),
                (3, confidential("formal")),
                (4, {"consent_position": "refused", "refusal_ids": []}),
                (5, {"statutory_duty": "no"}),
                (
                    6,
                    public_interest(
                        "reasonable_cause",
                        "justified",
                        advice_from=("designated_safeguarding_lead",),
                        advised="Share",
                    ),
                ),
                (
                    7,
                    how_shared(
                        recipient,
                        [
                            ("Bruising seen on both arms", "fact"),
                            ("Child seemed afraid", "opinion"),
                        ],
                    ),
                ),
                (
                    8,
                    {
                        "decision": "share",
                        "reasons": "Reasonable cause to believe significant harm",
                        "authorised_by": "Team manager",
                        "risk_assessment": "On file",
                    },
                ),
            ],
        ),
        (
            "request_received",
            [
                (
                    1,
                    purpose_answers(
                        "prevention_detection_of_crime", ["cda1998_s115"], "Police enquiry"
                    ),
                ),
                (2, identifies("child")),
                (3, confidential("formal")),
                (4, {"consent_position": "not_sought:prejudice_serious_crime"}),
                (
                    5,
                    {
                        "statutory_duty": "yes",
                        "duty": "ca1989_s47_enquiry",
                        "reference": "s47 request",
                    },
                ),
                (7, how_shared(recipient, [("Attendance record for the term", "fact")])),
                (
                    8,
                    {
                        "decision": "share",
                        "reasons": "Statutory duty",
                        "authorised_by": "Designated lead",
                    },
                ),
            ],
        ),
        (
            "proactive",
            [
                (1, purpose_answers("early_help", ["ca2004_s10"], "Early help")),
                (2, identifies("child")),
                (3, confidential("not_confidential_public")),
                (
                    7,
                    how_shared(
                        recipient,
                        [("Known locally", "fact")],
                        method="telephone",
                        written_confirmation="yes",
                    ),
                ),
                (8, {"decision": "share", "reasons": "Not confidential", "authorised_by": "Lead"}),
            ],
        ),
        (
            "proactive",
            [
                (1, {"purpose_category": "none", "purpose": ""}),
                (
                    8,
                    {
                        "decision": "do_not_share",
                        "reasons": "No legitimate purpose",
                        "authorised_by": "",
                    },
                ),
            ],
        ),
    ]
    templates = []
    context = {"agencies": [recipient], "consents": [], "agency_kind": "childrens_social_care"}
    for kind, pages in scenarios:
        answers: dict[str, Any] = {}
        for number, data in pages:
            answers[f"q{number}"] = question_answers(
                number, data, context={**context, "kind": kind}, earlier=answers
            )
        result = guidance.evaluate({**answers, "kind": kind})
        flags = [
            {"code": f.code, "message": f.message, "source": f.source, "severity": f.severity}
            for f in result.flags
        ]
        templates.append(
            Template(kind, answers, result.recommendation, flags, answers["q8"]["decision"])
        )
    return templates
