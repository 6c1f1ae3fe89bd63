"""The guidance engine: answers to the eight key questions -> recommendation and flags.

Pure functions, no Django imports. ``route`` says which questions the branch visits
(SPEC 4; sharing.routing), ``evaluate`` gives the recommendation the procedures lead to and
flags where the recorded decision departs from them or the record is weak (SPEC 4.1). The
engine never blocks a record: a flagged decision goes to the lead information officer's
review queue. Each rule in ``RULES`` carries the paragraph it implements, beside it;
docs/guidance.md explains them and lists the answer keys they read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypedDict

from .catalogues import (
    ADVICE_SOURCES,
    CONFIDENTIALITY_RELATIONSHIPS,
    DPA_CONDITIONS,
    INFORMATION_NATURE,
    LEGAL_BASES,
    NOT_SOUGHT_REASONS,
    PERSON_TOLD,
    PRESSING_NEED_FACTORS,
    PUBLIC_INTEREST_CONCLUSIONS,
    PURPOSES,
    SHARING_CHECKLIST,
    SPECIAL_CATEGORIES,
    STATUTORY_DUTIES,
    VERIFICATION,
    codes,
    get,
)
from .consent_check import ConsentCheck, check_consent
from .explain import reasons
from .facts import Facts
from .reading import as_map, boolean, code, integer, text
from .routing import branch, next_question, route

__all__ = [
    "RULES",
    "Answers",
    "ConsentAnswer",
    "ConsentCheck",
    "Flag",
    "Guidance",
    "Rule",
    "branch",
    "check_consent",
    "evaluate",
    "next_question",
    "route",
]

Severity = Literal["review", "weak_record"]


class ConsentAnswer(TypedDict, total=False):
    id: int | None
    giver_role: str | None
    outcome: str | None
    competent: bool | None
    form: str | None
    details_recorded: bool | None
    scope_purposes: list[str] | None
    scope_agency_ids: list[int] | None
    scope_until: str | None
    withdrawn_on: str | None


class Answers(TypedDict, total=False):
    """The stored answers (all keys optional, any value may be None; see docs/guidance.md).

    Each ``qN`` holds that question's fields as a plain dict (field names in
    docs/guidance.md); its pages each save some of them.
    """

    kind: str | None
    as_of: str | None
    child_age: int | None
    q1: dict[str, object] | None
    q2: dict[str, object] | None
    q3: dict[str, object] | None
    q4: dict[str, object] | None
    q5: dict[str, object] | None
    q6: dict[str, object] | None
    q7: dict[str, object] | None
    q8: dict[str, object] | None
    consents: list[ConsentAnswer] | None


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    message: str
    source: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class Guidance:
    recommendation: str  # a RECOMMENDATIONS code
    reasons: tuple[str, ...]
    flags: tuple[Flag, ...] = field(default=())

    @property
    def needs_review(self) -> bool:
        """Any flag sends the decision to the lead information officer first."""
        return bool(self.flags)


# --- what some rules check, at more length than fits in the table ---


def _no_legal_basis(f: Facts) -> bool:
    bases = f.codes(1, "legal_bases", LEGAL_BASES)
    return not (bases - {"other"} or ("other" in bases and f.text(1, "legal_basis_other")))


def _departs(f: Facts) -> bool:
    if f.recommendation == "do_not_share":
        return f.sharing
    return f.recommendation in ("must_share", "share_in_public_interest") and (
        f.decision == "do_not_share"
    )


def _confidentiality_inconsistent(f: Facts) -> bool:
    said = boolean(f.q(3), "confidential")
    relationship = get(CONFIDENTIALITY_RELATIONSHIPS, f.text(3, "relationship"))
    return said is not None and relationship is not None and relationship.confidential != said


def _recipient_missing(f: Facts) -> bool:
    agency = integer(f.q(7).get("recipient_agency_id")) is not None or f.text(
        7, "recipient_agency_name"
    )
    return not (agency and f.text(7, "recipient_name"))


def _not_sought_unexplained(f: Facts) -> bool:
    reason = f.code(4, "not_sought_reason", NOT_SOUGHT_REASONS)
    return f.consent_status == "not_sought" and (
        not reason or (reason == "other" and not f.text(4, "not_sought_other"))
    )


def _duty_unspecified(f: Facts) -> bool:
    duty = f.code(5, "duty", STATUTORY_DUTIES)
    needs_reference = duty in ("court_order", "other_statutory")
    missing = not duty or (needs_reference and not f.text(5, "reference"))
    return f.yes(5, "statutory_duty") and missing


def _unsure(f: Facts) -> bool:
    """Not sure whether there is reasonable cause to believe, or whether the public interest
    justifies sharing (L 4.4.3). A concern clearly below the threshold is not uncertainty."""
    conclusion = f.code(6, "conclusion", PUBLIC_INTEREST_CONCLUSIONS)
    return conclusion == "unsure" or (f.risk is not None and f.risk.uncertain)


def _advice_missing(f: Facts) -> bool:
    return bool(f.decision) and 6 in f.route and _unsure(f) and not f.yes(6, "advice_sought")


def _parent_consent_over_child(f: Facts) -> bool:
    """A parent's consent relied on although a child able to decide refused (L 4.3.19)."""
    roles = f.consent.valid_roles
    return (
        f.consent_status == "obtained"
        and f.consent.child_refused
        and "parent_with_pr" in roles
        and "child" not in roles
    )


def _best_interests_recorded(f: Facts) -> bool:
    return f.yes(4, "best_interests_override") and bool(f.text(4, "best_interests_reasons"))


def _parents_disagree(f: Facts) -> bool:
    return f.yes(4, "pr_conflict") and "child" not in f.consent.valid_roles


def _justified(f: Facts) -> bool:
    return f.code(6, "conclusion", PUBLIC_INTEREST_CONCLUSIONS) == "justified"


def _below_threshold(f: Facts) -> bool:
    return f.risk is not None and not f.risk.significant and not f.risk.uncertain


def _implied_only(f: Facts) -> bool:
    forms = {text(c, "form") for c in f.consent.covering}
    return bool(forms) and forms <= {"implied"}


def _verbal_undetailed(f: Facts) -> bool:
    return any(
        text(c, "form") == "explicit_verbal" and boolean(c, "details_recorded") is False
        for c in f.consent.covering
    )


# --- the rules: one row each, with the paragraph it implements ---


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    source: str
    message: str
    check: Callable[[Facts], bool]


# fmt: off
RULES: tuple[Rule, ...] = (
    # -- departures from the guidance: the decision needs a second look --
    Rule("not_sharing_despite_significant_harm", "review", "B 1; B 6; L 4.3.7; L 4.4.1",
         "Not sharing, although the risk recorded is significant harm. Where there is a clear "
         "risk of significant harm to a child you must share.",
         lambda f: f.decision == "do_not_share" and f.significant),
    Rule("public_interest_not_justified_despite_significant_harm", "review",
         "L 4.3.7; B 1; B 6",
         "The public interest test concluded 'not justified', although the risk recorded is "
         "significant harm, where the test will almost certainly be satisfied.",
         lambda f: f.code(6, "conclusion", PUBLIC_INTEREST_CONCLUSIONS) == "not_justified"
         and f.significant),
    Rule("sharing_without_any_ground", "review", "L 4.3.5; L 4.5.16; O 1.5",
         "Identifiable confidential information is shared with no consent that covers it, no "
         "legal duty, and a public interest test that concluded 'not justified'.",
         lambda f: f.sharing and f.exit == "pi_not_justified" and not f.significant),
    Rule("sharing_without_purpose", "review", "L 4.5.2; B 4",
         "Information is shared although no legitimate purpose was recorded.",
         lambda f: f.sharing and f.exit == "no_purpose"),
    Rule("decision_departs_from_recommendation", "review", "L 4.2.4; L 4.6.4; P rule 7 (2024)",
         "The decision departs from the recommendation the procedures give.",
         _departs),
    # -- consent (Q4) --
    Rule("consent_out_of_scope", "review", "L 4.3.11; L 4.3.22; L 4.5.20; B 7",
         "Consent is relied on, but it does not cover this recipient or purpose, has run out "
         "or has been withdrawn.",
         lambda f: f.consent_status == "obtained" and bool(f.consent.problems)
         and not f.consent.covering),
    Rule("competent_child_refusal_overridden_by_parent", "review", "L 4.3.19-4.3.20; H 2; B 7",
         "A child judged competent refused, and a parent's consent was relied on instead. The "
         "child's refusal is the one to consider unless overridden in their best interests.",
         lambda f: _parent_consent_over_child(f) and not _best_interests_recorded(f)),
    Rule("child_refusal_overridden_in_best_interests", "review", "L 4.3.20; L 4.2.4",
         "A child able to decide for themselves refused, and their refusal is overridden in "
         "their best interests, with the reasons recorded. The lead information officer "
         "reviews every such decision.",
         lambda f: _parent_consent_over_child(f) and _best_interests_recorded(f)),
    Rule("child_refusal_capacity_not_assessed", "review", "L 4.3.15-4.3.17; L 4.3.19; B 7",
         "A child of 12 or over refused, their understanding was never assessed, and a "
         "parent's consent is relied on. Children of that age can generally be expected to "
         "decide for themselves: assess their understanding first.",
         lambda f: f.consent_status == "obtained" and f.consent.unassessed_child_refused
         and "parent_with_pr" in f.consent.valid_roles and "child" not in f.consent.valid_roles),
    Rule("parents_disagree_about_consent", "review", "L 4.3.19",
         "People with parental responsibility disagree about sharing, and the consent of one "
         "of them is relied on. Talk to your agency's information lead and child protection "
         "adviser to decide whose consent counts.",
         lambda f: f.sharing and f.exit == "consent" and _parents_disagree(f)),
    Rule("special_category_on_implied_consent", "review",
         "O Annex A 3.4.1; O Annex A 7.2.1; O Annex C",
         "Special category information is shared on implied consent. Sharing it with consent "
         "needs the person's explicit consent.",
         lambda f: f.sharing and f.exit == "consent" and _implied_only(f)
         and bool(f.codes(3, "special_category", SPECIAL_CATEGORIES))),
    # -- the public interest test (Q6) --
    Rule("advice_not_sought_when_unsure", "review", "L 4.4.3-4.4.4; L 4.5.17; P rule 4 (2024)",
         "You were not sure whether there is reasonable cause to believe, or whether the "
         "public interest justifies sharing, and no advice was sought. The concern must not "
         "be ignored.",
         _advice_missing),
    Rule("public_interest_justified_without_pressing_need", "review",
         "O Annex A 11.2; O Annex A 11.7",
         "The public interest test concluded 'justified', but no pressing need to share was "
         "recorded. Disclosure should only be made where there is a pressing need.",
         lambda f: f.sharing and _justified(f)
         and not f.codes(6, "pressing_need", PRESSING_NEED_FACTORS)),
    Rule("public_interest_justified_below_threshold", "review",
         "L 4.3.7-4.3.8; O Annex A 11.2.3",
         "The public interest test concluded 'justified', although the concern recorded is "
         "below the level of significant harm.",
         lambda f: f.sharing and _justified(f) and _below_threshold(f)),
    Rule("public_interest_justified_not_proportionate", "review", "L 4.3.6; O Annex A 4.3",
         "The public interest test concluded 'justified', although sharing was recorded as "
         "not proportionate to the need.",
         lambda f: f.sharing and _justified(f) and f.no(6, "sharing_proportionate")),
    Rule("confidentiality_answer_inconsistent", "review", "L 4.3.2; L 4.5.6",
         "Whether the information is confidential does not match the relationship in which it "
         "was given.",
         _confidentiality_inconsistent),
    # -- how it is shared (Q1, Q2, Q3, Q7) --
    Rule("no_legal_basis", "review", "L 4.5.4; P 4; P rule 4 (2018); O Annex A 6.2.1",
         "Identifiable information is shared with no legal basis recorded.",
         lambda f: f.sharing and f.exit not in ("anonymised", "consent") and _no_legal_basis(f)),
    Rule("outside_agency_functions", "review", "L 4.5.3; L 4.3.14; B 4",
         "Information is shared although this is not within our agency's functions or powers.",
         lambda f: f.sharing and f.no(1, "within_functions")),
    Rule("no_need_to_know", "review", "L 4.5.4; L 4.5.20; B 4 (Caldicott 4)",
         "Information is shared although the recipient was not shown to need to know it.",
         lambda f: f.sharing and f.no(1, "need_to_know")),
    Rule("identifiable_when_anonymised_would_do", "review", "L 4.5.4; B 4 (Caldicott 2-3)",
         "Identifiable information is shared although anonymised information would do.",
         lambda f: f.sharing and 3 in f.route and f.yes(1, "anonymised_would_do")),
    Rule("identity_protection_not_recorded", "review", "P rule 5 (2024)",
         "Someone who could be identified might be harmed if their details became known to an "
         "abuser, and the record does not say how their identity is protected.",
         lambda f: f.sharing and f.yes(2, "identifiable") and f.yes(2, "identity_at_risk")
         and not f.text(2, "identity_protection")),
    Rule("special_category_without_condition", "review",
         "P 1 (Data Protection Act 2018); O Annex A 7.2",
         "Special category or criminal offence data is shared with no Data Protection Act "
         "2018 condition recorded.",
         lambda f: f.sharing and bool(f.codes(3, "special_category", SPECIAL_CATEGORIES))
         and not f.code(3, "dpa_condition", DPA_CONDITIONS)),
    Rule("private_law_information_without_court_permission", "review",
         "P 1 (CAFCASS: Children & Family Reporters)",
         "Information gathered in private law proceedings, such as a section 7 report, is "
         "shared without the court's permission.",
         lambda f: f.sharing and f.yes(7, "private_law") and not f.yes(7, "court_permission")),
    Rule("children_and_family_reporter_not_consulted", "review",
         "P 1 (CAFCASS: Children & Family Reporters)",
         "Information from private law proceedings is shared and the Children and Family "
         "Reporter, or the local Cafcass manager, was not consulted first.",
         lambda f: f.sharing and f.yes(7, "private_law") and not f.yes(7, "reporter_consulted")),
    Rule("onward_disclosure_without_agreement", "review", "O 10.2.1; O 11.1; L 4.5.4",
         "The recipient intends to pass the information on, and the agency that holds it has "
         "not agreed.",
         lambda f: f.sharing and not f.yes(7, "onward_agreed")
         and (f.yes(7, "onward_disclosure") or f.yes(1, "recipient_will_pass_on"))),
    Rule("insecure_method", "review", "L 4.7.6-4.7.8; O 9.3; B 8; P rule 6 (2018)",
         "The information is sent by ordinary email or fax, which are not secure.",
         lambda f: f.sharing and not f.method[0]),
    # Issue 14: a secure e-mail goes to one of the receiving agency's secure domains.
    Rule("secure_email_not_to_recipients_secure_domain", "review", "L 4.7.8; B 8",
         "The information is sent by secure e-mail, but the address is not on any of the "
         "secure e-mail domains the receiving agency has recorded.",
         lambda f: f.sharing and f.text(7, "method") == "secure_email"
         and _email_domain_mismatch(f)),
    Rule("recipient_not_verified", "review", "L 4.7.4",
         "Shared by telephone with someone not verified by calling their agency back.",
         lambda f: f.sharing and f.text(7, "method") == "telephone"
         and f.code(7, "verification", VERIFICATION) in ("", "not_verified")),
    # -- weak records: something the procedures say must be written down is missing --
    Rule("verbal_without_written_confirmation", "weak_record", "P 4; O 13.1; L 4.6.14",
         "Information shared in person or by telephone will not be confirmed in writing.",
         lambda f: f.sharing and f.method[1] and not f.yes(7, "written_confirmation")),
    Rule("person_not_told_without_reason", "weak_record", "L 4.5.19; L 4.7.3; L 4.7.5; B 7",
         "The person will not be told that their information is shared, and no reason is "
         "recorded.",
         lambda f: f.sharing and f.code(7, "person_told", PERSON_TOLD) == "not_told"
         and not f.text(7, "not_told_reason")),
    Rule("consent_not_sought_without_reason", "weak_record", "L 4.3.29; L 4.7.9; B 7",
         "Consent was not sought and the reason is not recorded.",
         _not_sought_unexplained),
    Rule("consent_obtained_not_recorded", "weak_record", "L 4.3.12; L 4.7.2; L 4.7.9",
         "Consent is said to be obtained, but no consent record is linked to the decision. "
         "Record the consent: who agreed, when, what they were told and what it covers.",
         lambda f: f.consent_status == "obtained" and f.consent.unrecorded),
    Rule("verbal_consent_details_not_recorded", "weak_record", "L 4.3.12",
         "Consent given verbally is relied on, and its details are not recorded.",
         lambda f: f.consent_status == "obtained" and _verbal_undetailed(f)),
    Rule("consent_limits_not_explained", "weak_record", "L 4.5.20; B 8",
         "Shared with consent, but the limits of the consent were not explained to the "
         "recipient.",
         lambda f: f.sharing and f.exit == "consent" and not f.yes(7, "limits_explained")),
    Rule("statutory_duty_not_specified", "weak_record", "L 4.5.9; O 13.3.4",
         "A legal duty or court order is relied on, but which one, or its reference, is not "
         "recorded.",
         _duty_unspecified),
    Rule("purpose_not_described", "weak_record", "L 4.5.2; L 4.7.9; B 4 (Caldicott 1)",
         "The purpose of sharing is not described, or its category is not chosen.",
         lambda f: f.yes(1, "has_purpose")
         and not (f.text(1, "purpose") and f.code(1, "purpose_category", PURPOSES))),
    Rule("risk_level_not_recorded", "weak_record", "L 4.3.9; L 4.7.1",
         "The level of risk of harm at the time is not recorded.",
         lambda f: bool(f.decision) and 6 in f.route and f.risk is None),
    Rule("harm_weighing_not_recorded", "weak_record", "L 4.3.6; O Annex A 4.5",
         "What might happen if the information is shared, and if it is not, is not recorded.",
         lambda f: bool(f.decision) and 6 in f.route
         and not (f.text(6, "if_shared") and f.text(6, "if_not_shared"))),
    Rule("advice_not_recorded", "weak_record", "L 4.5.17; B appendix",
         "Advice was sought, but who gave it or what they advised is not recorded.",
         lambda f: f.yes(6, "advice_sought")
         and not (f.codes(6, "advice_from", ADVICE_SOURCES) and f.text(6, "advice_given"))),
    Rule("shared_information_not_recorded", "weak_record", "L 4.5.21; H 2; P rule 7 (2024)",
         "The record does not say what information is shared.",
         lambda f: f.sharing and not f.items()),
    Rule("information_nature_not_recorded", "weak_record", "L 4.7.9; B 8",
         "Some shared information is not marked as fact, opinion or hypothesis.",
         lambda f: f.sharing
         and any(not code(i, "nature", INFORMATION_NATURE) for i in f.items())),
    Rule("recipient_not_recorded", "weak_record", "L 4.5.21; L 4.7.9; O 13.3.6; H 2",
         "The record does not say which agency and which person receive the information.",
         lambda f: f.sharing and _recipient_missing(f)),
    Rule("sharing_checklist_incomplete", "weak_record", "L 4.5.20; P rule 6 (2024)",
         "Not every point of the checklist (necessary, proportionate, relevant, adequate, "
         "accurate, timely, secure) is confirmed.",
         lambda f: f.sharing
         and f.codes(7, "checklist", SHARING_CHECKLIST) != codes(SHARING_CHECKLIST)),
    # Issue 14: the agreements the agencies signed (O scope: the protocol is the basis of
    # the exchange between the organisations that sign it; B 12: all partners use it).
    Rule("no_agreement_relied_on_where_one_covers_both", "weak_record", "O scope; B 12",
         "An information-sharing agreement that both agencies signed covers this sharing, "
         "and the record does not say which clause it relies on.",
         lambda f: f.sharing and bool(_agreements(f, "covering"))
         and _clause_chosen(f) is None),
    Rule("agreement_clause_does_not_cover_recipient", "weak_record", "O scope; B 12",
         "The agreement clause relied on does not cover the agency the information is "
         "shared with, or that agency has not signed the agreement.",
         lambda f: f.sharing and bool(_agreements(f, "recipient_known"))
         and _clause_chosen(f) is not None
         and _clause_chosen(f) not in _agreements(f, "covering")),
    Rule("no_reasons_recorded", "weak_record", "L 4.5.21; P rule 7 (2024); H 1",
         "The reasons for the decision are not recorded.",
         lambda f: bool(f.decision) and not f.text(8, "reasons")),
    Rule("no_authorisation_recorded", "weak_record", "H 2",
         "Confidential information is shared without consent and who authorised it is not "
         "recorded.",
         lambda f: f.sharing and f.without_consent and not f.text(8, "authorised_by")),
    Rule("no_risk_assessment_recorded", "weak_record", "H 2; L 4.3.9",
         "Confidential information is shared without consent and there is no evidence of a "
         "risk assessment.",
         lambda f: f.sharing and f.without_consent and not f.text(8, "risk_assessment")),
    Rule("not_sharing_reasons_not_discussed", "weak_record", "B appendix; P rule 7 (2024)",
         "A request is refused and the reasons were not discussed with the requester.",
         lambda f: f.kind == "request_received" and f.decision == "do_not_share"
         and not f.yes(8, "discussed_with_requester")),
)
# fmt: on


def email_domain_matches(address: str, domains: list[str]) -> bool:
    """The address's domain is one of ``domains`` or below one: jo@met.pnn.police.uk is
    on pnn.police.uk. Case does not matter; a leading "@" or "." in a domain is ignored."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    wanted = [d.strip().lower().lstrip("@.").rstrip(".") for d in domains if d.strip()]
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in wanted)


def _email_domain_mismatch(f: Facts) -> bool:
    """A recorded address, and a receiving agency with secure domains it is not on. An
    agency with none recorded, or one not on the service, cannot be checked (ADR 0036)."""
    address = f.text(7, "recipient_email")
    domains = f.answers.get("recipient_secure_domains")
    if not address or not isinstance(domains, list) or not domains:
        return False
    return not email_domain_matches(address, [str(d) for d in domains])


def _agreements(f: Facts, key: str) -> Any:
    return as_map(f.answers.get("agreements")).get(key) or []


def _clause_chosen(f: Facts) -> int | None:
    chosen = f.q(1).get("agreement_clause_id")
    return chosen if isinstance(chosen, int) else None


# --- the recommendation ---

_EXIT_RECOMMENDATION = {
    "no_purpose": "do_not_share",  # L 4.5.2
    "outside_functions": "do_not_share",  # L 4.5.3
    "no_need_to_know": "do_not_share",  # L 4.5.4; B 4 (Caldicott 4)
    "anonymised": "may_share_anonymised",  # L 4.5.5
    "not_confidential": "may_share",  # L 4.3.3, L 4.5.6
    "consent": "share_with_consent",  # L 4.3.4; L 4.3.12
    "statutory": "must_share",  # L 4.5.10
    "pi_justified": "share_in_public_interest",  # L 4.3.6-4.3.8, L 4.5.16
    "pi_not_justified": "do_not_share",  # L 4.5.16
    "pi_unsure": "seek_advice",  # L 4.4.3-4.4.4, L 4.5.17
}


def _recommend(f: Facts) -> str:
    if f.exit == "pi_not_justified" and f.significant:
        # B 1, B 6: "where there is a clear risk of significant harm to a child you must
        # share"; L 4.3.7: the public interest test will almost certainly be satisfied.
        return "share_in_public_interest"
    if f.exit == "consent" and _parents_disagree(f):
        return "seek_advice"  # L 4.3.19: family members in conflict
    return _EXIT_RECOMMENDATION.get(f.exit or "", "seek_advice")


def evaluate(answers: Answers | Mapping[str, object]) -> Guidance:
    """The recommendation the procedures give, why, and flags for the review queue."""
    data = as_map(answers)
    visited, exit_ = branch(data)
    consent = check_consent(data) if 4 in visited else ConsentCheck()
    facts = Facts(data, visited, exit_, consent)
    facts = replace(facts, recommendation=_recommend(facts))
    flags = tuple(Flag(r.code, r.message, r.source, r.severity) for r in RULES if r.check(facts))
    return Guidance(facts.recommendation, reasons(facts), flags)
