"""The guidance engine: answers to the eight key questions -> recommendation and flags.

Pure functions, no Django imports. ``route`` says which questions the branch visits
(SPEC 4), ``evaluate`` gives the recommendation the procedures lead to and flags where the
recorded decision departs from them or the record is weak (SPEC 4.1). The engine never
blocks a record: a flagged decision goes to the lead information officer's review queue.
Each rule in ``RULES`` carries the paragraph it implements; docs/guidance.md explains them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal, TypedDict

from consent.catalogues import CONSENT_GIVER_ROLES
from sharing.catalogues import (
    ADVICE_SOURCES,
    CONFIDENTIALITY_RELATIONSHIPS,
    CONSENT_STATUSES,
    DECISIONS,
    DPA_CONDITIONS,
    INFORMATION_NATURE,
    LEGAL_BASES,
    METHODS,
    NOT_SOUGHT_REASONS,
    PERSON_TOLD,
    PUBLIC_INTEREST_CONCLUSIONS,
    PURPOSES,
    RISK_LEVELS,
    SHARING_CHECKLIST,
    SPECIAL_CATEGORIES,
    STATUTORY_DUTIES,
    VERIFICATION,
    Entry,
    codes,
    get,
    label,
)

Severity = Literal["review", "weak_record"]


class ConsentAnswer(TypedDict, total=False):
    id: int | None
    giver_role: str | None
    outcome: str | None
    competent: bool | None
    scope_purposes: list[str] | None
    scope_agency_ids: list[int] | None
    scope_until: str | None
    withdrawn_on: str | None


class Answers(TypedDict, total=False):
    """The stored answers (all keys optional, any value may be None; see docs/guidance.md).

    Each ``qN`` holds that page's fields as a plain dict (field names in docs/guidance.md).
    """

    kind: str | None
    as_of: str | None
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


# --- reading untrusted answers: wrong types count as missing, nothing raises ---

_Data = Mapping[str, object]


def _map(value: object) -> _Data:
    return value if isinstance(value, Mapping) else {}


def _bool(data: _Data, key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def _text(data: _Data, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _code(data: _Data, key: str, catalogue: Sequence[Entry]) -> str:
    value = _text(data, key)
    return value if value in codes(catalogue) else ""


def _list(data: _Data, key: str) -> list[object]:
    value = data.get(key)
    return list(value) if isinstance(value, list | tuple) else []


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --- consent in scope (L 4.3.11, L 4.3.19, L 4.3.22, B 7) ---


@dataclass(frozen=True, slots=True)
class ConsentCheck:
    relied: tuple[_Data, ...] = ()  # the consent records q4.consent_ids points at
    problems: tuple[str, ...] = ()  # why relied-on consents do not cover this sharing
    valid_roles: frozenset[str] = frozenset()  # giver roles of consents that do cover it
    child_refused: bool = False  # a child judged competent refused this sharing

    @property
    def effective(self) -> bool:
        # A competent child's refusal is the one to consider, even if a parent agrees
        # (L 4.3.19); overriding it is a best-interests decision for Q5-Q6 (L 4.3.20).
        if self.child_refused:
            return "child" in self.valid_roles
        return bool(self.valid_roles)


def _covers(c: _Data, purpose: str, recipient: int | None, as_of: date | None) -> list[str]:
    """Why this consent record does not cover the sharing ([] if it does)."""
    why = []
    withdrawn = _text(c, "withdrawn_on")
    when = _date(withdrawn)
    if _text(c, "outcome") == "withdrawn" or (
        withdrawn and (when is None or as_of is None or when <= as_of)
    ):
        why.append("it has been withdrawn")
    until = _date(_text(c, "scope_until"))
    if until is not None and as_of is not None and as_of > until:
        why.append(f"it ran out on {until.isoformat()}")
    if not purpose:
        why.append("the purpose category is not recorded")
    elif purpose not in _list(c, "scope_purposes"):
        why.append("it does not cover this purpose")
    agencies = [_int(a) for a in _list(c, "scope_agency_ids")]
    if recipient is not None and recipient not in agencies:
        why.append("it does not cover the recipient agency")
    return why


def _refusal_applies(c: _Data, purpose: str, recipient: int | None, as_of: date | None) -> bool:
    """A competent child's refusal that still stands and reaches this sharing (L 4.3.19).

    An empty purpose or agency list on a refusal means the child refused all sharing.
    """
    if not (
        _text(c, "giver_role") == "child"
        and _text(c, "outcome") == "refused"
        and _bool(c, "competent") is True
    ):
        return False
    until = _date(_text(c, "scope_until"))
    if as_of is not None and until is not None and as_of > until:
        return False
    purposes = _list(c, "scope_purposes")
    agencies = [_int(a) for a in _list(c, "scope_agency_ids")]
    return (not purposes or purpose in purposes) and (
        not agencies or recipient is None or recipient in agencies
    )


def check_consent(answers: _Data) -> ConsentCheck:
    """Whether the consents relied on at Q4 cover this purpose, recipient and date.

    The recipient comes from q7 even before Q7 is answered, because it identifies the
    proposed sharing; while it is unknown the agency is not checked (provisionally in scope).
    """
    purpose = _code(_map(answers.get("q1")), "purpose_category", PURPOSES)
    recipient = _int(_map(answers.get("q7")).get("recipient_agency_id"))
    as_of = _date(_text(answers, "as_of"))
    wanted = {_int(i) for i in _list(_map(answers.get("q4")), "consent_ids")} - {None}
    records = [_map(c) for c in _list(answers, "consents")]
    relied = tuple(c for c in records if _int(c.get("id")) in wanted)
    problems: list[str] = []
    valid: set[str] = set()
    for c in relied:
        why = _covers(c, purpose, recipient, as_of)
        if _text(c, "outcome") not in ("given", "withdrawn"):
            why.insert(0, "it does not record consent being given")
        who = label(CONSENT_GIVER_ROLES, _text(c, "giver_role")) or "Consent"
        if why:
            problems.append(f"{who}: {', '.join(why)}")
        else:
            valid.add(_text(c, "giver_role"))
    refused = any(_refusal_applies(c, purpose, recipient, as_of) for c in records)
    return ConsentCheck(relied, tuple(problems), frozenset(valid), refused)


# --- the route (SPEC 4) ---

_SHARING_DECISIONS = frozenset(d.code for d in DECISIONS if d.shares)


def _walk(answers: _Data) -> tuple[tuple[int, ...], str | None]:
    """The questions visited before the branch leaves for Q7/Q8, and how it left.

    The exit is None while an answer needed to branch is missing (the route stops there).
    """
    q = {n: _map(answers.get(f"q{n}")) for n in range(1, 7)}
    purpose = _bool(q[1], "has_purpose")
    if purpose is not True:
        return (1,), None if purpose is None else "no_purpose"  # L 4.5.2
    identifiable = _bool(q[2], "identifiable")
    if identifiable is not True:
        return (1, 2), None if identifiable is None else "anonymised"  # L 4.5.5
    confidential = _bool(q[3], "confidential")
    if confidential is None:  # fall back on the relationship chosen (L 4.5.6)
        relationship = get(CONFIDENTIALITY_RELATIONSHIPS, _text(q[3], "relationship"))
        confidential = relationship.confidential if relationship else None
    if confidential is not True:
        return (1, 2, 3), None if confidential is None else "not_confidential"  # L 4.3.2
    status = _code(q[4], "consent_status", CONSENT_STATUSES)
    if not status:
        return (1, 2, 3, 4), None
    if status == "obtained" and check_consent(answers).effective:
        return (1, 2, 3, 4), "consent"  # L 4.3.4
    duty = _bool(q[5], "statutory_duty")
    if duty is not False:
        return (1, 2, 3, 4, 5), None if duty is None else "statutory"  # L 4.5.10
    conclusion = _code(q[6], "conclusion", PUBLIC_INTEREST_CONCLUSIONS)
    return (1, 2, 3, 4, 5, 6), f"pi_{conclusion}" if conclusion else None  # L 4.5.16


_EXITS_TO_Q7 = frozenset({"anonymised", "not_confidential", "consent", "statutory", "pi_justified"})


def _decision(answers: _Data) -> str:
    return _code(_map(answers.get("q8")), "decision", DECISIONS)


def _route(answers: _Data) -> tuple[tuple[int, ...], str | None]:
    visited, exit_ = _walk(answers)
    if exit_ is None:
        return visited, None
    # Q7 is always asked before Q8 when the decision is to share, even against the
    # guidance, so that what was shared is recorded (L 4.5.21).
    to_q7 = exit_ in _EXITS_TO_Q7 or _decision(answers) in _SHARING_DECISIONS
    return (*visited, *((7,) if to_q7 else ()), 8), exit_


def _as_answers(answers: object) -> _Data:
    return _map(answers)


def route(answers: Answers | Mapping[str, object]) -> list[int]:
    """The question numbers the branch visits, in order: from 1, ending 8 when complete."""
    return list(_route(_as_answers(answers))[0])


def next_question(answers: Answers | Mapping[str, object], after: int) -> int | None:
    """The page to show after question ``after``; None when the route is complete.

    If the route stops before 8 (an answer needed to branch is missing) and nothing on it
    comes after ``after``, the question where it stops is returned.
    """
    visited = route(answers)
    later = [n for n in visited if n > after]
    if later:
        return later[0]
    return None if visited[-1] == 8 else visited[-1]


# --- what the rules see: only questions on the route count (stale answers are ignored) ---


@dataclass(frozen=True, slots=True)
class Facts:
    answers: _Data
    route: tuple[int, ...]
    exit: str | None  # how the branch left: see _walk
    consent: ConsentCheck
    recommendation: str = ""

    def q(self, n: int) -> _Data:
        return _map(self.answers.get(f"q{n}")) if n in self.route else {}

    def yes(self, n: int, key: str) -> bool:
        return _bool(self.q(n), key) is True

    def no(self, n: int, key: str) -> bool:
        return _bool(self.q(n), key) is False

    def text(self, n: int, key: str) -> str:
        return _text(self.q(n), key)

    def code(self, n: int, key: str, catalogue: Sequence[Entry]) -> str:
        return _code(self.q(n), key, catalogue)

    def codes(self, n: int, key: str, catalogue: Sequence[Entry]) -> frozenset[str]:
        return frozenset(x for x in _list(self.q(n), key) if isinstance(x, str)) & codes(catalogue)

    def items(self) -> list[_Data]:
        return [_map(i) for i in _list(self.q(7), "items") if _text(_map(i), "text")]

    @property
    def kind(self) -> str:
        return _text(self.answers, "kind")

    @property
    def decision(self) -> str:
        return self.code(8, "decision", DECISIONS)

    @property
    def sharing(self) -> bool:
        return self.decision in _SHARING_DECISIONS

    @property
    def consent_status(self) -> str:
        return self.code(4, "consent_status", CONSENT_STATUSES)

    @property
    def significant(self) -> bool:
        level = get(RISK_LEVELS, self.text(6, "risk_level"))
        return level is not None and level.significant

    @property
    def without_consent(self) -> bool:
        """Identifiable, confidential information and no consent that covers the sharing."""
        return 4 in self.route and self.exit != "consent"

    @property
    def method(self) -> tuple[bool, bool]:
        """(secure, verbal) for the method recorded; an unknown method is neither flagged."""
        m = get(METHODS, self.text(7, "method"))
        return (m.secure, m.verbal) if m else (True, False)


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
    said = _bool(f.q(3), "confidential")
    relationship = get(CONFIDENTIALITY_RELATIONSHIPS, f.text(3, "relationship"))
    return said is not None and relationship is not None and relationship.confidential != said


def _recipient_missing(f: Facts) -> bool:
    agency = _int(f.q(7).get("recipient_agency_id")) is not None or f.text(
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


def _advice_missing(f: Facts) -> bool:
    unsure = f.recommendation == "seek_advice" or f.text(6, "risk_level") == "below_threshold"
    return bool(f.decision) and 6 in f.route and unsure and not f.yes(6, "advice_sought")


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
         lambda f: f.sharing and f.exit == "pi_not_justified"),
    Rule("sharing_without_purpose", "review", "L 4.5.2; B 4",
         "Information is shared although no legitimate purpose was recorded.",
         lambda f: f.sharing and f.exit == "no_purpose"),
    Rule("decision_departs_from_recommendation", "review", "L 4.2.4; L 4.6.4; P rule 7 (2024)",
         "The decision departs from the recommendation the procedures give.",
         _departs),
    Rule("consent_out_of_scope", "review", "L 4.3.11; L 4.3.22; L 4.5.20; B 7",
         "Consent is relied on, but it does not cover this recipient or purpose, has run out "
         "or has been withdrawn.",
         lambda f: f.consent_status == "obtained" and bool(f.consent.problems)
         and not f.consent.valid_roles),
    Rule("competent_child_refusal_overridden_by_parent", "review", "L 4.3.19-4.3.20; H 2; B 7",
         "A child judged competent refused, and a parent's consent was relied on instead. The "
         "child's refusal is the one to consider unless overridden in their best interests.",
         lambda f: f.consent_status == "obtained" and f.consent.child_refused
         and "parent_with_pr" in f.consent.valid_roles and "child" not in f.consent.valid_roles),
    Rule("advice_not_sought_when_unsure", "review", "L 4.4.3-4.4.4; L 4.5.17; P rule 4 (2024)",
         "The concern is below the threshold or the outcome is unclear, and no advice was "
         "sought. The concern must not be ignored.",
         _advice_missing),
    Rule("confidentiality_answer_inconsistent", "review", "L 4.3.2; L 4.5.6",
         "Whether the information is confidential does not match the relationship in which it "
         "was given.",
         _confidentiality_inconsistent),
    # -- how it is shared (Q1, Q3, Q7) --
    Rule("no_legal_basis", "review", "L 4.5.4; P 4; P rule 4 (2018)",
         "Identifiable information is shared with no legal basis recorded.",
         lambda f: f.sharing and f.exit != "anonymised" and _no_legal_basis(f)),
    Rule("outside_agency_functions", "review", "L 4.5.3; L 4.3.14; B 4",
         "Information is shared although this is not within our agency's functions or powers.",
         lambda f: f.sharing and f.no(1, "within_functions")),
    Rule("no_need_to_know", "review", "L 4.5.4; L 4.5.20; B 4 (Caldicott 4)",
         "Information is shared although the recipient was not shown to need to know it.",
         lambda f: f.sharing and f.no(1, "need_to_know")),
    Rule("identifiable_when_anonymised_would_do", "review", "L 4.5.4; B 4 (Caldicott 2-3)",
         "Identifiable information is shared although anonymised information would do.",
         lambda f: f.sharing and 3 in f.route and f.yes(1, "anonymised_would_do")),
    Rule("special_category_without_condition", "review",
         "P 1 (Data Protection Act 2018); O Annex A 7.2",
         "Special category or criminal offence data is shared with no Data Protection Act "
         "2018 condition recorded.",
         lambda f: f.sharing and bool(f.codes(3, "special_category", SPECIAL_CATEGORIES))
         and not f.code(3, "dpa_condition", DPA_CONDITIONS)),
    Rule("onward_disclosure_without_agreement", "review", "O 10.2.1; O 11.1; L 4.5.4",
         "The recipient intends to pass the information on, and the agency that holds it has "
         "not agreed.",
         lambda f: f.sharing and not f.yes(7, "onward_agreed")
         and (f.yes(7, "onward_disclosure") or f.yes(1, "recipient_will_pass_on"))),
    Rule("insecure_method", "review", "L 4.7.6-4.7.8; O 9.3; B 8; P rule 6 (2018)",
         "The information is sent by ordinary e-mail or fax, which are not secure.",
         lambda f: f.sharing and not f.method[0]),
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
         "Consent is said to be obtained, but no consent record is linked to the decision.",
         lambda f: f.consent_status == "obtained" and not f.consent.relied),
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
         lambda f: bool(f.decision) and 6 in f.route and not f.code(6, "risk_level", RISK_LEVELS)),
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
         and any(not _code(i, "nature", INFORMATION_NATURE) for i in f.items())),
    Rule("recipient_not_recorded", "weak_record", "L 4.5.21; L 4.7.9; O 13.3.6; H 2",
         "The record does not say which agency and which person receive the information.",
         lambda f: f.sharing and _recipient_missing(f)),
    Rule("sharing_checklist_incomplete", "weak_record", "L 4.5.20; P rule 6 (2024)",
         "Not every point of the checklist (necessary, proportionate, relevant, adequate, "
         "accurate, timely, secure) is confirmed.",
         lambda f: f.sharing
         and f.codes(7, "checklist", SHARING_CHECKLIST) != codes(SHARING_CHECKLIST)),
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


# --- the recommendation and its reasons ---

_EXIT_RECOMMENDATION = {
    "no_purpose": "do_not_share",  # L 4.5.2
    "anonymised": "may_share_anonymised",  # L 4.5.5
    "not_confidential": "may_share",  # L 4.3.3, L 4.5.6
    "consent": "share_with_consent",  # L 4.3.4
    "statutory": "must_share",  # L 4.5.10
    "pi_justified": "share_in_public_interest",  # L 4.3.6-4.3.8, L 4.5.16
    "pi_not_justified": "do_not_share",  # L 4.5.16
    "pi_unsure": "seek_advice",  # L 4.4.3-4.4.4, L 4.5.17
}

_EXIT_REASON = {
    "no_purpose": "You recorded no legitimate purpose for sharing. Without one, do not share "
    "(L 4.5.2).",
    "anonymised": "The information does not identify anyone. Anonymised information can be "
    "shared as long as the purpose is legitimate (L 4.5.5).",
    "not_confidential": "The information is not confidential: it is already public or widely "
    "known, or was given on the understanding that it would be shared. Sharing it is not a "
    "breach of confidence (L 4.3.2-4.3.4, L 4.5.6).",
    "consent": "Consent that covers this purpose and recipient has been given, so sharing is "
    "not a breach of confidence (L 4.3.4). Share only within its limits (L 4.5.20).",
    "statutory": "There is a legal duty or court order to share. You must share, even if the "
    "information is confidential and consent has not been given. Where you can, tell the "
    "person what is shared, why and with whom (L 4.5.10).",
    "pi_justified": "You concluded that the public interest justifies sharing without consent "
    "(L 4.3.6-4.3.8, L 4.5.16). Share only what is proportionate (L 4.3.7), and explain it to "
    "the child or parent unless that would put the child at risk of harm (L 4.5.19).",
    "pi_not_justified": "You concluded that the public interest does not justify sharing "
    "without consent, so do not share (L 4.5.16).",
    "pi_unsure": "You are not sure whether the public interest justifies sharing. Do not "
    "ignore the concern: talk to your designated safeguarding lead, and a Caldicott Guardian "
    "if you have one (L 4.4.3-4.4.4, L 4.5.17).",
}


def _recommend(f: Facts) -> str:
    if f.exit == "pi_not_justified" and f.significant:
        return "seek_advice"  # L 4.3.7: the test will almost certainly be satisfied
    return _EXIT_RECOMMENDATION.get(f.exit or "", "seek_advice")


def _consent_reason(f: Facts) -> str:
    status = f.consent_status
    if status == "obtained" and f.consent.child_refused and not f.consent.effective:
        return (
            "A child judged competent refused. Their refusal is the one to consider even if a "
            "parent agrees (L 4.3.19), unless it is overridden in the child's best interests "
            "(L 4.3.20)."
        )
    if status == "obtained":
        why = "; ".join(f.consent.problems) or "no consent record is linked"
        return f"The consent relied on does not cover this sharing ({why}) (L 4.3.11, L 4.3.22)."
    if status == "not_sought":
        reason = f.code(4, "not_sought_reason", NOT_SOUGHT_REASONS)
        said = f": {label(NOT_SOUGHT_REASONS, reason).lower()}" if reason else ""
        return f"Consent was not sought{said} (L 4.4.2). The reason must be recorded (L 4.3.29)."
    return (
        f"{label(CONSENT_STATUSES, status)}. A refusal, or consent that cannot be obtained, "
        "does not always stop sharing where there is a concern about a child (L 4.3.5)."
    )


def _reasons(f: Facts) -> tuple[str, ...]:
    reasons: list[str] = []
    if 4 in f.route and f.consent_status and f.exit != "consent":
        reasons.append(_consent_reason(f))
    if 6 in f.route:
        reasons.append(
            "There is no legal duty or court order to share, so the public interest test "
            "applies (L 4.3.5, L 4.5.16)."
        )
    if f.exit is None:
        reasons.append(
            f"Question {f.route[-1]} needs an answer before the guidance is complete. Until "
            "then, seek advice if you are unsure (L 4.4.3-4.4.4, L 4.5.17)."
        )
        return tuple(reasons)
    reasons.append(_EXIT_REASON[f.exit])
    if f.exit == "consent" and _int(f.q(7).get("recipient_agency_id")) is None:
        reasons.append("Check that the consent covers the agency you share with (L 4.5.20).")
    if f.exit == "pi_not_justified" and f.significant:
        risk = label(RISK_LEVELS, f.text(6, "risk_level")).lower()
        reasons.append(
            f"But you recorded that {risk}. Where there is a clear risk of significant harm to a "
            "child the public interest test will almost certainly be satisfied (L 4.3.7) and "
            "the information must be shared (B 1, B 6). Seek advice before deciding not to "
            "share (L 4.4.4, L 4.5.17)."
        )
    return tuple(reasons)


def evaluate(answers: Answers | Mapping[str, object]) -> Guidance:
    """The recommendation the procedures give, why, and flags for the review queue."""
    data = _as_answers(answers)
    visited, exit_ = _route(data)
    consent = check_consent(data) if 4 in visited else ConsentCheck()
    facts = Facts(data, visited, exit_, consent)
    facts = replace(facts, recommendation=_recommend(facts))
    flags = tuple(Flag(r.code, r.message, r.source, r.severity) for r in RULES if r.check(facts))
    return Guidance(facts.recommendation, _reasons(facts), flags)
