"""The guidance engine: route, recommendation and flags (sharing/guidance.py).

Plain pytest, no Django. Scenarios are built from a well-recorded baseline for each path,
then changed one answer at a time, so each test shows the rule it names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consent import catalogues as consent_catalogues
from consent.catalogues import CAPACITY_HINTS, PURPOSES, capacity_hint
from sharing import catalogues
from sharing.catalogues import (
    ADVICE_SOURCES,
    CONFIDENTIALITY_RELATIONSHIPS,
    CONSENT_STATUSES,
    DECISION_KINDS,
    DECISIONS,
    DPA_CONDITIONS,
    INFORMATION_NATURE,
    LEGAL_BASES,
    METHODS,
    NOT_SOUGHT_REASONS,
    PERSON_TOLD,
    PRESSING_NEED_FACTORS,
    PUBLIC_INTEREST_CONCLUSIONS,
    RECOMMENDATIONS,
    RISK_LEVELS,
    SHARING_CHECKLIST,
    SPECIAL_CATEGORIES,
    STATUTORY_DUTIES,
    VERIFICATION,
    codes,
    suggested_legal_bases,
)
from sharing.guidance import RULES, Guidance, evaluate, next_question, route

AS_OF = "2025-03-14"
SOCIAL_CARE = 10  # the recipient agency in every baseline
POLICE = 20
CHECKLIST = [entry.code for entry in SHARING_CHECKLIST]
DOC = Path(__file__).resolve().parents[2] / "docs" / "guidance.md"

Data = dict[str, Any]


# --- baselines: complete, well-recorded answers for each path (no flags) ---


def q1(**changes: Any) -> Data:
    return {
        "has_purpose": True,
        "purpose": "Refer concerns about bruising to children's social care",
        "purpose_category": "child_protection_enquiry",
        "legal_bases": ["ca1989_s47"],
        "legal_basis_other": "",
        "within_functions": True,
        "need_to_know": True,
        "anonymised_would_do": False,
        "recipient_will_pass_on": False,
    } | changes


def q7(**changes: Any) -> Data:
    return {
        "items": [
            {"text": "Bruises on both upper arms seen on 12 March", "nature": "fact"},
            {"text": "Child seemed frightened to go home", "nature": "opinion"},
        ],
        "recipient_agency_id": SOCIAL_CARE,
        "recipient_agency_name": "Children's social care",
        "recipient_name": "Sam Patel",
        "recipient_role": "Duty social worker",
        "verification": "known",
        "method": "secure_email",
        "written_confirmation": False,
        "checklist": CHECKLIST,
        "onward_disclosure": False,
        "onward_agreed": False,
        "limits_explained": True,
        "use_until": "",
        "person_told": "will_be_told",
        "not_told_reason": "",
    } | changes


def q8(decision: str = "share", **changes: Any) -> Data:
    return {
        "decision": decision,
        "reasons": "Recorded reasons for the decision.",
        "authorised_by": "Jo Brown, designated safeguarding lead",
        "risk_assessment": "Risk assessment on file, 13 March.",
        "discussed_with_requester": True,
    } | changes


def consent(record_id: int = 1, **changes: Any) -> Data:
    return {
        "id": record_id,
        "giver_role": "parent_with_pr",
        "outcome": "given",
        "competent": None,
        "scope_purposes": ["child_protection_enquiry"],
        "scope_agency_ids": [SOCIAL_CARE],
        "scope_until": "",
        "withdrawn_on": "",
    } | changes


def public_interest_case(**sections: Any) -> Data:
    """Consent refused; no statutory duty; public interest test says share."""
    answers: Data = {
        "kind": "proactive",
        "as_of": AS_OF,
        "q1": q1(),
        "q2": {"identifiable": True, "identifiable_people": ["child"]},
        "q3": {
            "confidential": True,
            "relationship": "formal",
            "special_category": ["health"],
            "dpa_condition": "safeguarding_children_individuals",
        },
        "q4": {"consent_status": "refused", "consent_ids": []},
        "q5": {"statutory_duty": False},
        "q6": {
            "risk_level": "reasonable_cause",
            "if_shared": "Social care can assess",
            "if_not_shared": "Harm may continue",
            "proportionate": "Only what is needed",
            "advice_sought": True,
            "advice_from": ["designated_safeguarding_lead"],
            "advice_when": "2025-03-13",
            "advice_given": "Refer today",
            "pressing_need": ["risk_if_not_disclosed", "urgency"],
            "conclusion": "justified",
        },
        "q7": q7(),
        "q8": q8(),
        "consents": [],
    }
    return answers | sections


def consent_case(**sections: Any) -> Data:
    """Written consent from a parent covering this purpose and recipient."""
    defaults: Data = {
        "q4": {"consent_status": "obtained", "consent_ids": [1]},
        "q5": {},
        "q6": {},
        "consents": [consent(1)],
    }
    return public_interest_case(**(defaults | sections))


def statutory_case(**sections: Any) -> Data:
    """A request to help with section 47 enquiries (a legal duty to share)."""
    defaults: Data = {
        "kind": "request_received",
        "q4": {"consent_status": "not_sought", "not_sought_reason": "unjustified_delay"},
        "q5": {"statutory_duty": True, "duty": "ca1989_s47_enquiry", "reference": "Strategy 14/3"},
        "q6": {},
    }
    return public_interest_case(**(defaults | sections))


def not_justified_case(**sections: Any) -> Data:
    """A concern below the threshold; advice taken; the public interest does not justify."""
    defaults: Data = {
        "q6": {
            "risk_level": "concern_below_threshold",
            "if_shared": "The family may stop trusting the school",
            "if_not_shared": "The concern is kept under review at school",
            "advice_sought": True,
            "advice_from": ["line_manager"],
            "advice_given": "Keep under review",
            "conclusion": "not_justified",
        },
        "q7": {},
        "q8": q8("do_not_share", authorised_by="", risk_assessment=""),
    }
    return public_interest_case(**(defaults | sections))


def flags(answers: Data) -> set[str]:
    return {flag.code for flag in evaluate(answers).flags}


def test_baselines_are_clean() -> None:
    for case, recommendation in [
        (public_interest_case(), "share_in_public_interest"),
        (consent_case(), "share_with_consent"),
        (statutory_case(), "must_share"),
        (not_justified_case(), "do_not_share"),
    ]:
        guidance = evaluate(case)
        assert guidance.recommendation == recommendation
        assert guidance.flags == ()
        assert not guidance.needs_review


# --- route ---


def test_route_without_purpose_goes_straight_to_the_decision() -> None:
    answers = public_interest_case(q1=q1(has_purpose=False), q8=q8("do_not_share"))
    assert route(answers) == [1, 8]


def test_route_visits_q7_when_sharing_despite_the_branch() -> None:
    assert route(public_interest_case(q1=q1(has_purpose=False))) == [1, 7, 8]
    shared = not_justified_case(q7=q7(), q8=q8("share_part"))
    assert route(shared) == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"q2": {"identifiable": False}}, [1, 2, 7, 8]),
        ({"q3": {"confidential": False}}, [1, 2, 3, 7, 8]),
        ({"q5": {"statutory_duty": True}}, [1, 2, 3, 4, 5, 7, 8]),
        ({}, [1, 2, 3, 4, 5, 6, 7, 8]),
        ({"q6": {"conclusion": "unsure"}, "q8": q8("do_not_share")}, [1, 2, 3, 4, 5, 6, 8]),
    ],
)
def test_route_branches(changes: Data, expected: list[int]) -> None:
    assert route(public_interest_case(**changes)) == expected


def test_route_consent_in_scope_goes_to_q7() -> None:
    assert route(consent_case()) == [1, 2, 3, 4, 7, 8]


def test_route_consent_out_of_scope_goes_to_q5() -> None:
    answers = consent_case(consents=[consent(1, scope_agency_ids=[POLICE])])
    assert route(answers) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, [1]),
        ({"q1": {"has_purpose": True}}, [1, 2]),
        ({"q1": {"has_purpose": True}, "q2": {"identifiable": True}}, [1, 2, 3]),
        ({"q1": {"has_purpose": "yes"}}, [1]),  # a wrong type counts as missing
        ({"q1": None, "q2": {"identifiable": False}}, [1]),
    ],
)
def test_route_stops_where_an_answer_is_missing(answers: Data, expected: list[int]) -> None:
    assert route(answers) == expected


def test_route_uses_the_relationship_when_confidential_is_not_answered() -> None:
    answers = public_interest_case(q3={"relationship": "not_confidential_public"})
    assert route(answers) == [1, 2, 3, 7, 8]


def test_next_question_follows_the_route() -> None:
    answers = {"q1": {"has_purpose": True}}
    assert next_question(answers, 0) == 1
    assert next_question(answers, 1) == 2
    assert next_question(answers, 2) == 2  # still needs an answer
    assert next_question(public_interest_case(q2={"identifiable": False}), 2) == 7
    assert next_question(public_interest_case(), 8) is None


def test_next_question_returns_to_a_question_the_route_now_needs() -> None:
    # Consent looked fine until Q7 named a recipient outside it: Q5 now needs an answer.
    answers = consent_case(q7=q7(recipient_agency_id=POLICE))
    assert next_question(answers, 7) == 5


def test_stale_answers_on_an_abandoned_branch_are_ignored() -> None:
    # Worked down to Q6 (significant harm, not justified), then changed Q2 to "no".
    stale = not_justified_case(
        q2={"identifiable": False},
        q4={"consent_status": "not_sought"},  # would be consent_not_sought_without_reason
        q6={"risk_level": "suffered_or_likely", "conclusion": "not_justified"},
        q7=q7(),
        q8=q8("do_not_share"),
    )
    fresh = {key: value for key, value in stale.items() if key not in ("q3", "q4", "q5", "q6")}
    assert route(stale) == [1, 2, 7, 8]
    assert evaluate(stale) == evaluate(fresh)
    assert evaluate(stale).recommendation == "may_share_anonymised"
    assert flags(stale) == set()


# --- recommendations, including the procedures' own examples ---


def test_no_legitimate_purpose_recommends_do_not_share() -> None:
    guidance = evaluate(public_interest_case(q1=q1(has_purpose=False), q8=q8("do_not_share")))
    assert guidance.recommendation == "do_not_share"
    assert any("L 4.5.2" in reason for reason in guidance.reasons)


def test_information_already_anonymised_may_be_shared() -> None:
    # L 4.5.5: anonymised information can be shared as long as the purpose is legitimate.
    answers = public_interest_case(q2={"identifiable": False, "identifiable_people": []})
    guidance = evaluate(answers)
    assert guidance.recommendation == "may_share_anonymised"
    assert any("L 4.5.5" in reason for reason in guidance.reasons)
    assert guidance.flags == ()


def test_widely_known_parental_drug_misuse_is_not_confidential() -> None:
    # L 4.3.3: a teacher knows a pupil's parent misuses drugs; it is widely known.
    answers = public_interest_case(
        q1=q1(purpose_category="education_support", legal_bases=["ca2004_s11"]),
        q3={"confidential": False, "relationship": "not_confidential_public"},
    )
    guidance = evaluate(answers)
    assert guidance.recommendation == "may_share"
    assert route(answers) == [1, 2, 3, 7, 8]
    assert guidance.flags == ()


def test_counselling_disclosure_of_the_same_fact_is_confidential() -> None:
    # L 4.3.3: told by the pupil in a counselling session, it would be confidential.
    answers = public_interest_case(q3={"confidential": True, "relationship": "formal"})
    assert route(answers)[:4] == [1, 2, 3, 4]


def test_consent_obtained_in_writing_recommends_share_with_consent() -> None:
    guidance = evaluate(consent_case())
    assert guidance.recommendation == "share_with_consent"
    assert any("L 4.3.4" in reason for reason in guidance.reasons)


def test_police_request_under_section_47_must_be_answered() -> None:
    # L 4.6.9 and P 1: a s47 enquiry places a duty on other agencies to help.
    guidance = evaluate(statutory_case())
    assert guidance.recommendation == "must_share"
    assert any("L 4.5.10" in reason for reason in guidance.reasons)
    assert guidance.flags == ()


def test_baby_failing_to_thrive_shared_in_public_interest_despite_refusal() -> None:
    # L 4.4.5: parents refuse consent to further investigation of a baby failing to thrive.
    answers = public_interest_case(
        q1=q1(purpose_category="health_care", legal_bases=["ca1989_s17"]),
        q4={"consent_status": "refused"},
        q6=public_interest_case()["q6"] | {"risk_level": "suffered_or_likely"},
    )
    guidance = evaluate(answers)
    assert guidance.recommendation == "share_in_public_interest"
    assert any("L 4.3.5" in reason for reason in guidance.reasons)
    assert guidance.flags == ()


def test_consent_not_sought_because_it_would_put_the_child_at_increased_risk() -> None:
    # L 4.4.2: do not seek consent where that would increase the risk of significant harm.
    answers = public_interest_case(
        q4={"consent_status": "not_sought", "not_sought_reason": "child_at_increased_risk"}
    )
    guidance = evaluate(answers)
    assert guidance.recommendation == "share_in_public_interest"
    assert any("increased risk" in reason for reason in guidance.reasons)
    assert guidance.flags == ()


def test_decision_not_to_share_despite_significant_harm_is_flagged() -> None:
    answers = public_interest_case(q7={}, q8=q8("do_not_share"))
    guidance = evaluate(answers)
    assert guidance.recommendation == "share_in_public_interest"
    assert {"not_sharing_despite_significant_harm", "decision_departs_from_recommendation"} <= {
        flag.code for flag in guidance.flags
    }
    assert guidance.needs_review


def test_public_interest_not_justified_recommends_do_not_share() -> None:
    guidance = evaluate(not_justified_case())
    assert guidance.recommendation == "do_not_share"
    assert route(not_justified_case()) == [1, 2, 3, 4, 5, 6, 8]


def test_public_interest_unsure_recommends_seek_advice() -> None:
    answers = not_justified_case(q6=not_justified_case()["q6"] | {"conclusion": "unsure"})
    assert evaluate(answers).recommendation == "seek_advice"


def test_significant_harm_recommends_sharing_even_when_the_test_says_not_justified() -> None:
    # B 1, B 6: "where there is a clear risk of significant harm to a child you must share";
    # L 4.3.7: the test will almost certainly be satisfied. The conclusion stays the
    # practitioner's, and departing from the recommendation is flagged.
    answers = not_justified_case(q6=not_justified_case()["q6"] | {"risk_level": "reasonable_cause"})
    guidance = evaluate(answers)
    assert guidance.recommendation == "share_in_public_interest"
    assert any("B 1, B 6" in reason and "L 4.3.7" in reason for reason in guidance.reasons)
    assert {
        "public_interest_not_justified_despite_significant_harm",
        "not_sharing_despite_significant_harm",
        "decision_departs_from_recommendation",
    } <= flags(answers)


def test_significant_harm_shared_after_a_not_justified_conclusion_is_not_without_ground() -> None:
    # Sharing is what the procedures point to here, so only the conclusion itself is flagged.
    q6 = not_justified_case()["q6"] | {"risk_level": "suffered_or_likely"}
    answers = not_justified_case(q6=q6, q7=q7(), q8=q8("share"))
    assert "sharing_without_any_ground" not in flags(answers)
    assert "decision_departs_from_recommendation" not in flags(answers)
    assert "public_interest_not_justified_despite_significant_harm" in flags(answers)


def test_an_incomplete_route_recommends_seek_advice() -> None:
    guidance = evaluate(public_interest_case(q5={}))
    assert guidance.recommendation == "seek_advice"
    assert any("Question 5" in reason for reason in guidance.reasons)


# --- consent scope (Q4) ---


@pytest.mark.parametrize(
    "changes",
    [
        {"scope_agency_ids": [POLICE]},
        {"scope_purposes": ["early_help"]},
        {"scope_until": "2025-01-31"},
        {"outcome": "withdrawn", "withdrawn_on": "2025-02-01"},
        {"withdrawn_on": "2025-03-01"},
        {"outcome": "refused"},
        {"scope_agency_ids": []},
    ],
)
def test_consent_out_of_scope_is_flagged(changes: Data) -> None:
    answers = consent_case(consents=[consent(1, **changes)])
    assert "consent_out_of_scope" in flags(answers)
    assert 5 in route(answers)


def test_consent_out_of_scope_near_miss_is_not_flagged() -> None:
    # Consent runs to the decision date; withdrawal comes after it.
    answers = consent_case(consents=[consent(1, scope_until=AS_OF, withdrawn_on="2025-04-01")])
    assert "consent_out_of_scope" not in flags(answers)
    assert evaluate(answers).recommendation == "share_with_consent"


def test_consent_is_provisionally_in_scope_until_the_recipient_is_known() -> None:
    answers = consent_case(q7={})
    assert route(answers) == [1, 2, 3, 4, 7, 8]
    assert any("covers the agency" in reason for reason in evaluate(answers).reasons)


def test_competent_child_refusal_overrides_parent_consent() -> None:
    refusal = consent(2, giver_role="child", outcome="refused", competent=True)
    answers = consent_case(consents=[consent(1), refusal], q5={"statutory_duty": False})
    assert route(answers)[:5] == [1, 2, 3, 4, 5]
    assert evaluate(answers).recommendation != "share_with_consent"


def test_competent_child_refusal_overridden_by_parent_is_flagged() -> None:
    refusal = consent(2, giver_role="child", outcome="refused", competent=True)
    answers = consent_case(consents=[consent(1), refusal])
    assert "competent_child_refusal_overridden_by_parent" in flags(answers)
    # Near misses: the child was judged not competent, or refused sharing with someone else.
    for other in (
        consent(2, giver_role="child", outcome="refused", competent=False),
        consent(2, giver_role="child", outcome="refused", competent=True, scope_agency_ids=[7]),
    ):
        near_miss = consent_case(consents=[consent(1), other])
        assert "competent_child_refusal_overridden_by_parent" not in flags(near_miss)
        assert evaluate(near_miss).recommendation == "share_with_consent"


def test_childs_own_consent_outweighs_their_earlier_refusal() -> None:
    refusal = consent(2, giver_role="child", outcome="refused", competent=True)
    own = consent(3, giver_role="child", competent=True)
    answers = consent_case(
        q4={"consent_status": "obtained", "consent_ids": [3]}, consents=[refusal, own]
    )
    assert evaluate(answers).recommendation == "share_with_consent"
    assert flags(answers) == set()


# --- one test per rule: the flagged case and a near miss ---


def test_not_sharing_despite_significant_harm_is_flagged() -> None:
    code = "not_sharing_despite_significant_harm"
    assert code in flags(public_interest_case(q7={}, q8=q8("do_not_share")))
    assert code not in flags(not_justified_case())  # risk below the threshold


def test_public_interest_not_justified_despite_significant_harm_is_flagged() -> None:
    code = "public_interest_not_justified_despite_significant_harm"
    significant = not_justified_case()["q6"] | {"risk_level": "suffered_or_likely"}
    assert code in flags(not_justified_case(q6=significant))
    assert code not in flags(not_justified_case())


def test_sharing_without_any_ground_is_flagged() -> None:
    code = "sharing_without_any_ground"
    assert code in flags(not_justified_case(q7=q7(), q8=q8("share")))
    assert code not in flags(public_interest_case())  # public interest justified


def test_sharing_without_purpose_is_flagged() -> None:
    code = "sharing_without_purpose"
    assert code in flags(public_interest_case(q1=q1(has_purpose=False)))
    assert code not in flags(public_interest_case(q1=q1(has_purpose=False), q8=q8("do_not_share")))


def test_decision_departs_from_recommendation_is_flagged() -> None:
    code = "decision_departs_from_recommendation"
    assert code in flags(not_justified_case(q7=q7(), q8=q8("share")))  # do_not_share given
    assert code in flags(statutory_case(q8=q8("do_not_share")))  # must_share given
    assert code not in flags(consent_case(q8=q8("do_not_share")))  # consent permits, not obliges


def test_consent_out_of_scope_names_the_problem_in_the_reasons() -> None:
    answers = consent_case(consents=[consent(1, scope_agency_ids=[POLICE])])
    assert any("recipient agency" in reason for reason in evaluate(answers).reasons)


def test_advice_not_sought_when_unsure_is_flagged() -> None:
    code = "advice_not_sought_when_unsure"
    unsure = not_justified_case()["q6"] | {"conclusion": "unsure", "advice_sought": False}
    assert code in flags(not_justified_case(q6=unsure))
    assert code not in flags(not_justified_case(q6=unsure | {"advice_sought": True}))


def test_confidentiality_answer_inconsistent_is_flagged() -> None:
    code = "confidentiality_answer_inconsistent"
    assert code in flags(public_interest_case(q3={"confidential": False, "relationship": "formal"}))
    assert code not in flags(
        public_interest_case(q3={"confidential": False, "relationship": "not_confidential_public"})
    )


def test_no_legal_basis_is_flagged() -> None:
    code = "no_legal_basis"
    assert code in flags(public_interest_case(q1=q1(legal_bases=[])))
    assert code in flags(public_interest_case(q1=q1(legal_bases=["other"])))
    assert code not in flags(
        public_interest_case(q1=q1(legal_bases=["other"], legal_basis_other="Local protocol"))
    )
    # Anonymised information needs only a legitimate purpose (L 4.5.5).
    assert code not in flags(
        public_interest_case(q1=q1(legal_bases=[]), q2={"identifiable": False})
    )


def test_outside_agency_functions_is_flagged() -> None:
    code = "outside_agency_functions"
    assert code in flags(public_interest_case(q1=q1(within_functions=False)))
    assert code not in flags(public_interest_case(q1=q1(within_functions=None)))


def test_no_need_to_know_is_flagged() -> None:
    code = "no_need_to_know"
    assert code in flags(public_interest_case(q1=q1(need_to_know=False)))
    assert code not in flags(public_interest_case(q1=q1(need_to_know=True)))


def test_identifiable_when_anonymised_would_do_is_flagged() -> None:
    code = "identifiable_when_anonymised_would_do"
    assert code in flags(public_interest_case(q1=q1(anonymised_would_do=True)))
    anonymised = public_interest_case(q1=q1(anonymised_would_do=True), q2={"identifiable": False})
    assert code not in flags(anonymised)


def test_special_category_without_condition_is_flagged() -> None:
    code = "special_category_without_condition"
    q3 = public_interest_case()["q3"]
    assert code in flags(public_interest_case(q3=q3 | {"dpa_condition": ""}))
    assert code not in flags(public_interest_case(q3=q3 | {"special_category": []}))


def test_onward_disclosure_without_agreement_is_flagged() -> None:
    code = "onward_disclosure_without_agreement"
    assert code in flags(public_interest_case(q7=q7(onward_disclosure=True)))
    assert code in flags(public_interest_case(q1=q1(recipient_will_pass_on=True)))
    assert code not in flags(
        public_interest_case(q7=q7(onward_disclosure=True, onward_agreed=True))
    )


def test_insecure_method_is_flagged() -> None:
    code = "insecure_method"
    assert code in flags(public_interest_case(q7=q7(method="ordinary_email")))
    assert code in flags(public_interest_case(q7=q7(method="fax")))
    assert code not in flags(public_interest_case(q7=q7(method="secure_portal")))


def test_recipient_not_verified_is_flagged() -> None:
    code = "recipient_not_verified"
    by_phone = {"method": "telephone", "written_confirmation": True}
    assert code in flags(public_interest_case(q7=q7(**by_phone, verification="not_verified")))
    assert code not in flags(public_interest_case(q7=q7(**by_phone, verification="called_back")))


# Issue 14: agreements (O scope; B 12) and secure e-mail domains (L 4.7.8; B 8).
AGREEMENTS = {"recipient_known": True, "offered": [7], "covering": [7]}


def test_no_agreement_relied_on_where_one_covers_both_is_a_weak_record() -> None:
    code = "no_agreement_relied_on_where_one_covers_both"
    none = public_interest_case(q1=q1(agreement_clause_id=None), agreements=AGREEMENTS)
    assert code in flags(none)
    assert code in flags(public_interest_case(agreements=AGREEMENTS))  # the page unanswered
    relied = public_interest_case(q1=q1(agreement_clause_id=7), agreements=AGREEMENTS)
    assert code not in flags(relied)
    no_agreement = {"recipient_known": True, "offered": [], "covering": []}
    assert code not in flags(public_interest_case(agreements=no_agreement))
    assert code not in flags(public_interest_case())


def test_agreement_clause_does_not_cover_recipient_is_a_weak_record() -> None:
    code = "agreement_clause_does_not_cover_recipient"
    elsewhere = {"recipient_known": True, "offered": [], "covering": []}
    assert code in flags(public_interest_case(q1=q1(agreement_clause_id=9), agreements=elsewhere))
    relied = public_interest_case(q1=q1(agreement_clause_id=7), agreements=AGREEMENTS)
    assert code not in flags(relied)
    unknown = {"recipient_known": False, "offered": [9], "covering": []}
    assert code not in flags(public_interest_case(q1=q1(agreement_clause_id=9), agreements=unknown))


def test_secure_email_not_to_recipients_secure_domain_is_flagged_for_review() -> None:
    code = "secure_email_not_to_recipients_secure_domain"
    by_email = {"method": "secure_email"}

    def case(address: str, domains: list[str] | None) -> Data:
        return public_interest_case(
            q7=q7(**by_email, recipient_email=address), recipient_secure_domains=domains
        )

    assert code in flags(case("sam.patel@gmail.com", ["northshire.gov.uk"]))
    assert code not in flags(case("sam.patel@northshire.gov.uk", ["northshire.gov.uk"]))
    assert code not in flags(case("sam.patel@gmail.com", []))  # nothing to check against
    assert code not in flags(case("sam.patel@gmail.com", None))
    assert code not in flags(case("", ["northshire.gov.uk"]))


def test_verbal_without_written_confirmation_is_flagged() -> None:
    code = "verbal_without_written_confirmation"
    assert code in flags(public_interest_case(q7=q7(method="in_person")))
    assert code not in flags(
        public_interest_case(q7=q7(method="in_person", written_confirmation=True))
    )


def test_person_not_told_without_reason_is_flagged() -> None:
    code = "person_not_told_without_reason"
    assert code in flags(public_interest_case(q7=q7(person_told="not_told")))
    reason = "Telling the father would put the child at risk of harm"
    assert code not in flags(
        public_interest_case(q7=q7(person_told="not_told", not_told_reason=reason))
    )


def test_consent_not_sought_without_reason_is_flagged() -> None:
    code = "consent_not_sought_without_reason"
    assert code in flags(public_interest_case(q4={"consent_status": "not_sought"}))
    other = {"consent_status": "not_sought", "not_sought_reason": "other"}
    assert code in flags(public_interest_case(q4=other))
    assert code not in flags(public_interest_case(q4=other | {"not_sought_other": "Unreachable"}))


def test_consent_obtained_not_recorded_is_flagged() -> None:
    code = "consent_obtained_not_recorded"
    assert code in flags(consent_case(q4={"consent_status": "obtained", "consent_ids": []}))
    assert code not in flags(consent_case())


def test_consent_limits_not_explained_is_flagged() -> None:
    code = "consent_limits_not_explained"
    assert code in flags(consent_case(q7=q7(limits_explained=False)))
    assert code not in flags(consent_case())


def test_statutory_duty_not_specified_is_flagged() -> None:
    code = "statutory_duty_not_specified"
    assert code in flags(statutory_case(q5={"statutory_duty": True}))
    assert code in flags(statutory_case(q5={"statutory_duty": True, "duty": "court_order"}))
    order = {"statutory_duty": True, "duty": "court_order", "reference": "ZW24C00123, 3 March"}
    assert code not in flags(statutory_case(q5=order))


def test_purpose_not_described_is_flagged() -> None:
    code = "purpose_not_described"
    assert code in flags(public_interest_case(q1=q1(purpose="")))
    assert code in flags(public_interest_case(q1=q1(purpose_category="nonsense")))
    assert code not in flags(public_interest_case())


def test_risk_level_not_recorded_is_flagged() -> None:
    code = "risk_level_not_recorded"
    q6 = public_interest_case()["q6"]
    assert code in flags(public_interest_case(q6=q6 | {"risk_level": None}))
    assert code not in flags(public_interest_case())


def test_advice_not_recorded_is_flagged() -> None:
    code = "advice_not_recorded"
    q6 = public_interest_case()["q6"]
    assert code in flags(public_interest_case(q6=q6 | {"advice_given": ""}))
    assert code in flags(public_interest_case(q6=q6 | {"advice_from": []}))
    assert code not in flags(public_interest_case(q6=q6 | {"advice_sought": False}))


def test_shared_information_not_recorded_is_flagged() -> None:
    code = "shared_information_not_recorded"
    assert code in flags(public_interest_case(q7=q7(items=[])))
    assert code in flags(public_interest_case(q7=q7(items=[{"text": " ", "nature": "fact"}])))
    assert code not in flags(public_interest_case())


def test_information_nature_not_recorded_is_flagged() -> None:
    code = "information_nature_not_recorded"
    assert code in flags(public_interest_case(q7=q7(items=[{"text": "Seen crying"}])))
    item = {"text": "Might be neglect", "nature": "hypothesis"}
    assert code not in flags(public_interest_case(q7=q7(items=[item])))


def test_recipient_not_recorded_is_flagged() -> None:
    code = "recipient_not_recorded"
    assert code in flags(public_interest_case(q7=q7(recipient_name="")))
    no_agency = q7(recipient_agency_id=None, recipient_agency_name="")
    assert code in flags(public_interest_case(q7=no_agency))
    by_name = q7(recipient_agency_id=None, recipient_agency_name="Acme Youth Club")
    assert code not in flags(public_interest_case(q7=by_name))


def test_sharing_checklist_incomplete_is_flagged() -> None:
    code = "sharing_checklist_incomplete"
    assert code in flags(public_interest_case(q7=q7(checklist=CHECKLIST[:-1])))
    assert code not in flags(public_interest_case(q7=q7(checklist=[*CHECKLIST, "unknown"])))


def test_no_reasons_recorded_is_flagged() -> None:
    code = "no_reasons_recorded"
    assert code in flags(public_interest_case(q8=q8(reasons="  ")))
    assert code not in flags(public_interest_case(q8={}))  # no decision yet: a draft


def test_no_authorisation_recorded_is_flagged() -> None:
    code = "no_authorisation_recorded"
    assert code in flags(public_interest_case(q8=q8(authorised_by="")))
    assert code not in flags(consent_case(q8=q8(authorised_by="")))  # shared with consent


def test_no_risk_assessment_recorded_is_flagged() -> None:
    code = "no_risk_assessment_recorded"
    assert code in flags(statutory_case(q8=q8(risk_assessment="")))
    assert code not in flags(consent_case(q8=q8(risk_assessment="")))


def test_not_sharing_reasons_not_discussed_is_flagged() -> None:
    code = "not_sharing_reasons_not_discussed"
    refused = q8("do_not_share", discussed_with_requester=False)
    assert code in flags(not_justified_case(kind="request_received", q8=refused))
    assert code not in flags(not_justified_case(kind="proactive", q8=refused))


# --- the rules added in December 2026, each read against its paragraph ---


def child_refusal(record_id: int = 2, **changes: Any) -> Data:
    return consent(record_id, giver_role="child", outcome="refused", competent=None) | changes


def test_outside_agency_functions_recommends_do_not_share() -> None:
    # L 4.5.3: a statutory service may share only within its functions or powers.
    answers = public_interest_case(q1=q1(within_functions=False), q8=q8("do_not_share"))
    guidance = evaluate(answers)
    assert guidance.recommendation == "do_not_share"
    assert route(answers) == [1, 8]
    assert any("L 4.5.3" in reason for reason in guidance.reasons)
    assert guidance.flags == ()


def test_no_need_to_know_recommends_do_not_share() -> None:
    # L 4.5.4, B 4 (Caldicott 4): share only with people who need to know.
    answers = public_interest_case(q1=q1(need_to_know=False), q8=q8("do_not_share"))
    assert evaluate(answers).recommendation == "do_not_share"
    assert route(answers) == [1, 8]
    # Sharing all the same is a departure, and still asks what was shared.
    shared = public_interest_case(q1=q1(need_to_know=False))
    assert route(shared) == [1, 7, 8]
    assert {"no_need_to_know", "decision_departs_from_recommendation"} <= flags(shared)


def test_verbal_consent_not_yet_recorded_recommends_share_with_consent() -> None:
    # L 4.3.12: explicit verbal consent is consent; its details must be recorded.
    answers = consent_case(q4={"consent_status": "obtained", "consent_ids": []})
    guidance = evaluate(answers)
    assert guidance.recommendation == "share_with_consent"
    assert route(answers) == [1, 2, 3, 4, 7, 8]
    assert {flag.code for flag in guidance.flags} == {"consent_obtained_not_recorded"}
    assert any("L 4.3.12" in reason for reason in guidance.reasons)


def test_public_interest_justified_without_pressing_need_is_flagged() -> None:
    code = "public_interest_justified_without_pressing_need"
    q6 = public_interest_case()["q6"]
    assert code in flags(public_interest_case(q6=q6 | {"pressing_need": []}))
    assert code not in flags(public_interest_case())
    # Not justified, and not shared: nothing to flag about pressing need.
    assert code not in flags(
        not_justified_case(q6=not_justified_case()["q6"] | {"pressing_need": []})
    )


def test_public_interest_justified_below_threshold_is_flagged() -> None:
    code = "public_interest_justified_below_threshold"
    q6 = public_interest_case()["q6"]
    assert code in flags(public_interest_case(q6=q6 | {"risk_level": "concern_below_threshold"}))
    assert code not in flags(public_interest_case())  # reasonable cause to believe
    # Not sure is not "below": it calls for advice instead (L 4.4.3).
    assert code not in flags(public_interest_case(q6=q6 | {"risk_level": "unsure"}))


def test_public_interest_justified_not_proportionate_is_flagged() -> None:
    code = "public_interest_justified_not_proportionate"
    q6 = public_interest_case()["q6"]
    assert code in flags(public_interest_case(q6=q6 | {"sharing_proportionate": False}))
    assert code not in flags(public_interest_case(q6=q6 | {"sharing_proportionate": True}))


def test_harm_weighing_not_recorded_is_flagged() -> None:
    code = "harm_weighing_not_recorded"
    q6 = public_interest_case()["q6"]
    assert code in flags(public_interest_case(q6=q6 | {"if_not_shared": " "}))
    assert code in flags(not_justified_case(q6=not_justified_case()["q6"] | {"if_shared": ""}))
    assert code not in flags(public_interest_case())


def test_a_clear_low_risk_decision_that_respects_a_refusal_is_not_sent_for_review() -> None:
    # L 4.4.3: only uncertainty makes missing advice a flag. A concern clearly below the
    # threshold, consent refused and respected, no advice sought: nothing to review.
    q6 = not_justified_case()["q6"] | {"advice_sought": False, "advice_from": []}
    guidance = evaluate(not_justified_case(q6=q6))
    assert guidance.recommendation == "do_not_share"
    assert guidance.flags == ()
    assert not guidance.needs_review


def test_not_sure_of_reasonable_cause_without_advice_is_flagged() -> None:
    q6 = not_justified_case()["q6"] | {"risk_level": "unsure", "advice_sought": False}
    assert "advice_not_sought_when_unsure" in flags(not_justified_case(q6=q6))


def test_an_old_below_threshold_answer_still_counts_as_unsure() -> None:
    # Stored before December 2026, when one answer covered "below" and "not sure".
    q6 = not_justified_case()["q6"] | {"risk_level": "below_threshold", "advice_sought": False}
    assert "advice_not_sought_when_unsure" in flags(not_justified_case(q6=q6))
    level = next(r for r in RISK_LEVELS if r.code == "below_threshold")
    assert level.uncertain
    assert not level.offered


def test_child_refusal_capacity_not_assessed_is_flagged() -> None:
    # L 4.3.15-4.3.16, 4.3.19: a child of 12 or over can generally be expected to decide.
    code = "child_refusal_capacity_not_assessed"
    answers = consent_case(consents=[consent(1), child_refusal()], child_age=13)
    assert code in flags(answers)
    assert code not in flags(consent_case(consents=[consent(1), child_refusal()], child_age=11))
    assessed = child_refusal(competent=False)
    assert code not in flags(consent_case(consents=[consent(1), assessed], child_age=13))
    # The child's own consent relied on instead: nothing overridden.
    own = consent(3, giver_role="child", competent=True)
    relying_on_child = consent_case(
        q4={"consent_status": "obtained", "consent_ids": [3]}, consents=[child_refusal(), own]
    )
    assert code not in flags(relying_on_child | {"child_age": 13})


def test_a_young_person_of_16_who_refused_is_presumed_able_to_decide() -> None:
    # L 4.3.15: a young person aged 16 or 17 may give or refuse consent.
    answers = consent_case(consents=[consent(1), child_refusal()], child_age=16)
    assert "competent_child_refusal_overridden_by_parent" in flags(answers)
    assert route(answers)[:5] == [1, 2, 3, 4, 5]
    younger = consent_case(consents=[consent(1), child_refusal()], child_age=15)
    assert "competent_child_refusal_overridden_by_parent" not in flags(younger)


def test_parents_disagree_about_consent_is_flagged_and_calls_for_advice() -> None:
    # L 4.3.19: where family members are in conflict, talk to the agency's information
    # lead and child protection adviser to decide whose consent should be sought.
    code = "parents_disagree_about_consent"
    answers = consent_case(
        q4={"consent_status": "obtained", "consent_ids": [1], "pr_conflict": True}
    )
    guidance = evaluate(answers)
    assert guidance.recommendation == "seek_advice"
    assert any("L 4.3.19" in reason for reason in guidance.reasons)
    assert code in flags(answers)
    agreed = consent_case(
        q4={"consent_status": "obtained", "consent_ids": [1], "pr_conflict": False}
    )
    assert code not in flags(agreed)
    assert evaluate(agreed).recommendation == "share_with_consent"


def test_child_refusal_overridden_in_best_interests_is_flagged() -> None:
    # L 4.3.20: overriding a competent child's refusal in their best interests, with
    # reasons, is a different thing from relying on a parent's consent without a word.
    code = "child_refusal_overridden_in_best_interests"
    refusal = child_refusal(competent=True)
    recorded = {
        "consent_status": "obtained",
        "consent_ids": [1],
        "best_interests_override": True,
        "best_interests_reasons": "She is at risk of exploitation and cannot see it yet",
    }
    answers = consent_case(q4=recorded, consents=[consent(1), refusal])
    assert code in flags(answers)
    assert "competent_child_refusal_overridden_by_parent" not in flags(answers)
    silent = consent_case(
        q4=recorded | {"best_interests_reasons": ""}, consents=[consent(1), refusal]
    )
    assert code not in flags(silent)
    assert "competent_child_refusal_overridden_by_parent" in flags(silent)


def test_an_adult_the_information_is_about_can_give_consent() -> None:
    adult = consent(1, giver_role="adult_subject")
    answers = consent_case(consents=[adult])
    assert evaluate(answers).recommendation == "share_with_consent"
    assert "adult_subject" in codes(consent_catalogues.CONSENT_GIVER_ROLES)


def test_special_category_on_implied_consent_is_flagged() -> None:
    # O Annex A 3.4.1, Annex C: sensitive information needs explicit consent.
    code = "special_category_on_implied_consent"
    assert code in flags(consent_case(consents=[consent(1, form="implied")]))
    assert code not in flags(consent_case(consents=[consent(1, form="explicit_written")]))
    no_health = {"confidential": True, "relationship": "formal", "special_category": []}
    assert code not in flags(consent_case(q3=no_health, consents=[consent(1, form="implied")]))


def test_verbal_consent_details_not_recorded_is_flagged() -> None:
    code = "verbal_consent_details_not_recorded"
    verbal = consent(1, form="explicit_verbal", details_recorded=False)
    assert code in flags(consent_case(consents=[verbal]))
    assert code not in flags(consent_case(consents=[verbal | {"details_recorded": True}]))


def test_consent_is_a_legal_basis_of_its_own() -> None:
    # O Annex A 6.2.1: "the Data Subject consents" is a condition for sharing.
    assert "no_legal_basis" not in flags(consent_case(q1=q1(legal_bases=[])))
    assert "ukgdpr_6_1_a" in codes(LEGAL_BASES)


def test_a_legal_duty_is_a_reason_for_not_seeking_consent() -> None:
    # B 7: consent need not be sought when a statutory duty or court order requires sharing.
    q4 = {"consent_status": "not_sought", "not_sought_reason": "statutory_duty_or_court_order"}
    answers = statutory_case(q4=q4)
    assert evaluate(answers).recommendation == "must_share"
    assert "consent_not_sought_without_reason" not in flags(answers)


def test_identity_protection_not_recorded_is_flagged() -> None:
    # P rule 5 (2024): protect the identities of anyone who might suffer harm.
    code = "identity_protection_not_recorded"
    at_risk = {"identifiable": True, "identifiable_people": ["child", "third_party"]}
    answers = public_interest_case(q2=at_risk | {"identity_at_risk": True})
    assert code in flags(answers)
    protected = at_risk | {"identity_at_risk": True, "identity_protection": "Neighbour not named"}
    assert code not in flags(public_interest_case(q2=protected))
    assert code not in flags(public_interest_case(q2=at_risk | {"identity_at_risk": False}))


def test_private_law_information_without_court_permission_is_flagged() -> None:
    # P 1, Cafcass: release of private law information always needs the court's permission.
    code = "private_law_information_without_court_permission"
    section_7 = {"private_law": True, "court_permission": False, "reporter_consulted": True}
    assert code in flags(public_interest_case(q7=q7(**section_7)))
    assert code not in flags(public_interest_case(q7=q7(**section_7 | {"court_permission": True})))
    assert code not in flags(public_interest_case(q7=q7(private_law=False)))


def test_children_and_family_reporter_not_consulted_is_flagged() -> None:
    code = "children_and_family_reporter_not_consulted"
    section_7 = {"private_law": True, "court_permission": True, "reporter_consulted": False}
    assert code in flags(public_interest_case(q7=q7(**section_7)))
    consulted = section_7 | {"reporter_consulted": True}
    assert code not in flags(public_interest_case(q7=q7(**consulted)))


def test_suggested_legal_bases_fit_the_agency_and_the_purpose() -> None:
    school = {b.code for b in suggested_legal_bases("education", "child_protection_enquiry")}
    assert {"ca1989_s47", "ea2002_s175", "dpa2018_safeguarding"} <= school
    assert "cda1998_s115" not in school
    police = {b.code for b in suggested_legal_bases("police", "prevention_detection_of_crime")}
    assert {"cda1998_s115", "csods", "dvds"} <= police
    voluntary = {
        b.code for b in suggested_legal_bases("voluntary", "prevention_detection_of_crime")
    }
    assert "cda1998_s115" not in voluntary  # O scope note: not voluntary organisations
    assert suggested_legal_bases("education", "other") == ()


def test_every_rule_has_a_test_named_after_it() -> None:
    names = [name for name in globals() if name.startswith("test_")]
    missing = [rule.code for rule in RULES if not any(rule.code in name for name in names)]
    assert missing == []


def test_rules_have_unique_codes_sources_and_valid_severity() -> None:
    assert len({rule.code for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.code)
        assert rule.source
        assert rule.severity in ("review", "weak_record")
        assert rule.message.endswith(".")


# --- documentation ---


def test_every_flag_and_recommendation_code_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for code in [rule.code for rule in RULES] + [entry.code for entry in RECOMMENDATIONS]:
        assert f"`{code}`" in text, code
    for rule in RULES:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{rule.code}`"))
        assert rule.source in row, rule.code


# --- catalogues ---

ALL_CATALOGUES = [
    value
    for module in (consent_catalogues, catalogues)
    for name, value in vars(module).items()
    if name.isupper() and isinstance(value, tuple)
]


def test_catalogue_codes_are_unique_snake_case_and_sourced() -> None:
    assert len(ALL_CATALOGUES) >= 25
    for catalogue in ALL_CATALOGUES:
        assert len(codes(catalogue)) == len(catalogue)
        for entry in catalogue:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", entry.code)
            assert entry.label
            assert entry.source


def test_catalogue_helpers() -> None:
    assert catalogues.choices(DECISIONS)[0] == ("share", "Share the information")
    assert catalogues.label(METHODS, "fax") == "Fax"
    assert catalogues.label(METHODS, "pigeon") == "pigeon"
    assert {m.code for m in METHODS if not m.secure} == {"ordinary_email", "fax"}
    assert {m.code for m in METHODS if m.verbal} == {"in_person", "telephone"}
    assert {r.code for r in RISK_LEVELS if not r.significant} == {
        "concern_below_threshold",
        "unsure",
        "below_threshold",
    }
    assert {r.code for r in RISK_LEVELS if r.uncertain} == {"unsure", "below_threshold"}
    assert {d.code for d in DECISIONS if d.shares} == {"share", "share_part"}
    assert {r.code for r in CONFIDENTIALITY_RELATIONSHIPS if not r.confidential} == {
        "not_confidential_public",
        "not_confidential_understood",
    }
    assert "ca1989_s47" in {b.code for b in LEGAL_BASES if b.statutory}


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (None, "unknown"),
        (-1, "unknown"),
        (0, "may_have"),
        (11, "may_have"),
        (12, "generally_expected"),
        (15, "generally_expected"),
        (16, "presumed"),
        (17, "presumed"),
        (18, "adult"),
        (True, "unknown"),
    ],
)
def test_capacity_hint(age: int | None, expected: str) -> None:
    assert capacity_hint(age) == expected
    assert expected in codes(CAPACITY_HINTS)


# --- properties: any stored shape, however wrong, gives one recommendation ---

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)


def code_of(*catalogue_list: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    options = sorted({entry.code for catalogue in catalogue_list for entry in catalogue})
    return st.sampled_from(options) | st.none() | junk


def codes_of(catalogue: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.lists(st.sampled_from([e.code for e in catalogue]), max_size=4) | junk


flag = st.booleans() | st.none() | junk
text = st.sampled_from(["", "  ", "Some words"]) | junk
agency = st.sampled_from([SOCIAL_CARE, POLICE]) | st.none() | junk
day = st.sampled_from(["", "2025-01-01", AS_OF, "2025-12-31", "not a date"]) | st.none() | junk


def section(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries({}, optional=fields) | st.none() | junk


consent_record = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from([1, 2, 3]) | junk,
        "giver_role": code_of(consent_catalogues.CONSENT_GIVER_ROLES),
        "outcome": code_of(consent_catalogues.CONSENT_OUTCOMES),
        "competent": flag,
        "form": code_of(consent_catalogues.CONSENT_FORMS),
        "details_recorded": flag,
        "scope_purposes": codes_of(PURPOSES),
        "scope_agency_ids": st.lists(agency, max_size=2) | junk,
        "scope_until": day,
        "withdrawn_on": day,
    },
)

answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "kind": code_of(DECISION_KINDS),
        "as_of": day,
        "child_age": st.sampled_from([None, 5, 12, 15, 16, 17]) | junk,
        "q1": section(
            has_purpose=flag,
            purpose=text,
            purpose_category=code_of(PURPOSES),
            legal_bases=codes_of(LEGAL_BASES),
            legal_basis_other=text,
            within_functions=flag,
            need_to_know=flag,
            anonymised_would_do=flag,
            recipient_will_pass_on=flag,
        ),
        "q2": section(
            identifiable=flag,
            identifiable_people=junk,
            identity_at_risk=flag,
            identity_protection=text,
        ),
        "q3": section(
            confidential=flag,
            relationship=code_of(CONFIDENTIALITY_RELATIONSHIPS),
            special_category=codes_of(SPECIAL_CATEGORIES),
            dpa_condition=code_of(DPA_CONDITIONS),
        ),
        "q4": section(
            consent_status=code_of(CONSENT_STATUSES),
            consent_ids=st.lists(st.sampled_from([1, 2, 3]) | junk, max_size=3) | junk,
            not_sought_reason=code_of(NOT_SOUGHT_REASONS),
            not_sought_other=text,
            pr_conflict=flag,
            best_interests_override=flag,
            best_interests_reasons=text,
        ),
        "q5": section(statutory_duty=flag, duty=code_of(STATUTORY_DUTIES), reference=text),
        "q6": section(
            risk_level=code_of(RISK_LEVELS),
            advice_sought=flag,
            advice_from=codes_of(ADVICE_SOURCES),
            advice_given=text,
            pressing_need=codes_of(PRESSING_NEED_FACTORS),
            sharing_proportionate=flag,
            if_shared=text,
            if_not_shared=text,
            conclusion=code_of(PUBLIC_INTEREST_CONCLUSIONS),
        ),
        "q7": section(
            items=st.lists(
                st.fixed_dictionaries({"text": text, "nature": code_of(INFORMATION_NATURE)}) | junk,
                max_size=3,
            )
            | junk,
            recipient_agency_id=agency,
            recipient_agency_name=text,
            recipient_name=text,
            verification=code_of(VERIFICATION),
            method=code_of(METHODS),
            written_confirmation=flag,
            checklist=codes_of(SHARING_CHECKLIST),
            onward_disclosure=flag,
            onward_agreed=flag,
            limits_explained=flag,
            person_told=code_of(PERSON_TOLD),
            not_told_reason=text,
            private_law=flag,
            court_permission=flag,
            reporter_consulted=flag,
        ),
        "q8": section(
            decision=code_of(DECISIONS),
            reasons=text,
            authorised_by=text,
            risk_assessment=text,
            discussed_with_requester=flag,
        ),
        "consents": st.lists(consent_record | junk, max_size=3) | junk,
    },
)

RULE_CODES = {rule.code for rule in RULES}


def check_guidance(guidance: Guidance) -> None:
    assert guidance.recommendation in codes(RECOMMENDATIONS)
    assert guidance.reasons
    assert all(isinstance(reason, str) and reason for reason in guidance.reasons)
    assert {flag.code for flag in guidance.flags} <= RULE_CODES


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_evaluate_never_raises_and_gives_one_recommendation(answers: Data) -> None:
    check_guidance(evaluate(answers))


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=8), junk) | junk)
def test_evaluate_survives_anything(answers: Any) -> None:
    check_guidance(evaluate(answers))
    assert route(answers)[0] == 1


@settings(max_examples=400, deadline=None)
@given(answers_strategy)
def test_route_starts_at_1_and_ends_at_8_when_complete(answers: Data) -> None:
    visited = route(answers)
    assert visited[0] == 1
    assert visited == sorted(set(visited))
    assert set(visited) <= set(range(1, 9))
    if 8 in visited:
        assert visited[-1] == 8
    else:
        assert evaluate(answers).recommendation == "seek_advice"
    following = next_question(answers, visited[-1])
    assert following is None if visited[-1] == 8 else following == visited[-1]


@settings(max_examples=300, deadline=None)
@given(answers_strategy, st.data())
def test_answers_off_the_route_never_count(answers: Data, data: st.DataObject) -> None:
    visited = route(answers)
    changed = dict(answers)
    for n in range(2, 7):
        if n not in visited:
            changed[f"q{n}"] = data.draw(junk)
    if 4 not in visited:
        changed["consents"] = data.draw(junk)
    if 7 not in visited and isinstance(answers.get("q7"), dict):
        # The recipient names the proposed sharing (consent scope); the rest of Q7 is stale.
        recipient = answers["q7"].get("recipient_agency_id")
        changed["q7"] = {"recipient_agency_id": recipient, "method": data.draw(junk)}
    assert route(changed) == visited
    assert evaluate(changed) == evaluate(answers)
