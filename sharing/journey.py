"""The guided decision as pages: each of the eight key questions (L 4.5.1) is asked over a
few pages that each ask one thing, and the task list says where each question stands.

Pure, no Django imports: the pages here are specifications (question, address, the answer
keys they save, when they are needed); sharing/forms/pages.py gives each its form. A page
saves only its own keys into its question's dict (`q1`...`q8`, docs/guidance.md), so the
guidance engine reads the same answers however they were asked. Whether a page is answered
is read from the answers themselves: its first key is there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from .catalogues import METHODS, get
from .consent_check import check_consent
from .reading import Data, as_map, boolean, text
from .routing import branch

Status = Literal["completed", "in_progress", "not_started", "problem", "cannot_start", "not_needed"]


def _always(_: Data) -> bool:
    return True


def _q(data: Data, n: int) -> Data:
    return as_map(data.get(f"q{n}"))


def _yes(n: int, key: str) -> Callable[[Data], bool]:
    return lambda data: boolean(_q(data, n), key) is True


def _is(n: int, key: str, *values: str) -> Callable[[Data], bool]:
    return lambda data: text(_q(data, n), key) in values


def _verbal(data: Data) -> bool:
    method = get(METHODS, text(_q(data, 7), "method"))
    return method is not None and method.verbal


def _child_refusal_over_parent(data: Data) -> bool:
    return text(_q(data, 4), "consent_status") == "obtained" and check_consent(data).child_refused


def _special(data: Data) -> bool:
    return bool(_q(data, 3).get("special_category"))


def _shared_with_consent(data: Data) -> bool:
    return branch(data)[1] == "consent"


@dataclass(frozen=True, slots=True)
class PageSpec:
    question: int
    slug: str  # "" for the question's first page, whose address is the question's own
    keys: tuple[str, ...]  # the answer keys it saves; the first shows it was answered
    needed: Callable[[Data], bool] = _always  # given the engine's input

    @property
    def ref(self) -> str:
        """How the page is named in stored typed answers and audit events: "4" or "4/consents"."""
        return f"{self.question}/{self.slug}" if self.slug else str(self.question)


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    number: int
    title: str  # the key question as the procedures ask it (L 4.5.1)
    source: str
    group: int  # index into GROUPS


# The procedures' own grouping: establishing that sharing is legitimate and what the
# information is (L 4.5.2-4.5.7), the legal grounds without or with consent (L 4.3.10-4.3.29,
# L 4.5.8-4.5.19), and sharing it properly and recording it (L 4.5.20-4.5.21).
GROUPS = (
    "The purpose and the information",
    "Consent, legal duty and the public interest",
    "Sharing and recording the decision",
)

QUESTIONS: dict[int, QuestionSpec] = {
    q.number: q
    for q in (
        QuestionSpec(
            1, "Is there a legitimate purpose to share the information?", "L 4.5.2-4.5.4", 0
        ),
        QuestionSpec(2, "Does the information enable a person to be identified?", "L 4.5.5", 0),
        QuestionSpec(3, "Is the information confidential?", "L 4.3.2-4.3.4; L 4.5.6", 0),
        QuestionSpec(4, "Has consent to share been obtained?", "L 4.3.10-4.3.29", 1),
        QuestionSpec(5, "Is there a statutory duty or court order to share?", "L 4.5.9-4.5.15", 1),
        QuestionSpec(
            6,
            "Is there sufficient public interest to share without consent?",
            "L 4.3.6-4.3.8; L 4.5.16-4.5.19",
            1,
        ),
        QuestionSpec(
            7,
            "Is the right information being shared in the right way?",
            "L 4.5.20; L 4.7; P rule 6 (2024); B appendix",
            2,
        ),
        QuestionSpec(8, "What is your decision, and why?", "L 4.5.21; H 2; B appendix", 2),
    )
}

_purpose = _yes(1, "has_purpose")


def _agreements_offered(data: Data) -> bool:
    """Issue 14: asked when there is a purpose and some agreement clause to offer (the
    engine's input carries them: sharing.selectors.agreement_facts), or a clause was
    chosen that the receiving agency, chosen since, turns out not to be covered by: kept,
    so that the engine flags it rather than the record losing it."""
    chosen = _q(data, 1).get("agreement_clause_id")
    offered = as_map(data.get("agreements")).get("offered")
    return _purpose(data) and (bool(offered) or isinstance(chosen, int))


# fmt: off
PAGES: tuple[PageSpec, ...] = (
    PageSpec(1, "", ("has_purpose", "purpose_category", "purpose")),
    PageSpec(1, "legal-basis", ("legal_bases", "legal_basis_other"), _purpose),
    PageSpec(1, "functions", ("within_functions", "need_to_know", "anonymised_would_do"), _purpose),
    PageSpec(1, "agreement", ("agreement_clause_id", "agreement_clause"), _agreements_offered),
    PageSpec(2, "", ("identifiable", "identifiable_people")),
    PageSpec(2, "identity", ("identity_at_risk", "identity_protection"), _yes(2, "identifiable")),
    PageSpec(3, "", ("relationship", "confidential")),
    PageSpec(3, "special-category", ("special_category",)),
    PageSpec(3, "condition", ("dpa_condition",), _special),
    PageSpec(4, "", ("consent_status", "not_sought_reason")),
    PageSpec(4, "consents", ("consent_ids",), _is(4, "consent_status", "obtained")),
    PageSpec(4, "parents", ("pr_conflict",), _is(4, "consent_status", "obtained")),
    PageSpec(4, "best-interests", ("best_interests_override", "best_interests_reasons"),
             _child_refusal_over_parent),
    PageSpec(4, "refusals", ("refusal_ids",), _is(4, "consent_status", "refused")),
    PageSpec(4, "other-reason", ("not_sought_other",), _is(4, "not_sought_reason", "other")),
    PageSpec(4, "not-obtained", ("could_not_explain",),
             _is(4, "consent_status", "could_not_be_obtained")),
    PageSpec(5, "", ("statutory_duty",)),
    PageSpec(5, "duty", ("duty", "reference"), _yes(5, "statutory_duty")),
    PageSpec(6, "", ("risk_level",)),
    PageSpec(6, "weighing", ("if_shared", "if_not_shared", "pressing_need")),
    PageSpec(6, "advice", ("advice_sought", "advice_from")),
    PageSpec(6, "advice-details", ("advice_when", "advice_given"), _yes(6, "advice_sought")),
    PageSpec(6, "conclusion", ("conclusion", "sharing_proportionate", "proportionate")),
    PageSpec(7, "", ("items", "private_law")),
    PageSpec(7, "court", ("court_permission", "reporter_consulted"), _yes(7, "private_law")),
    PageSpec(7, "recipient", ("recipient_agency_id", "recipient_agency_name", "recipient_name",
                              "recipient_role", "recipient_email", "verification")),
    PageSpec(7, "method", ("method", "shared_on", "use_until")),
    PageSpec(7, "in-writing", ("written_confirmation",), _verbal),
    PageSpec(7, "checklist", ("checklist",)),
    PageSpec(7, "onward", ("onward_disclosure",)),
    PageSpec(7, "onward-agreed", ("onward_agreed",), _yes(7, "onward_disclosure")),
    PageSpec(7, "consent-limits", ("limits_explained",), _shared_with_consent),
    PageSpec(7, "person-told", ("person_told", "not_told_reason")),
    PageSpec(8, "", ("decision", "reasons", "authorised_by", "risk_assessment",
                     "discussed_with_requester")),
)
# fmt: on

BY_REF: dict[str, PageSpec] = {page.ref: page for page in PAGES}


def pages_of(number: int) -> tuple[PageSpec, ...]:
    return tuple(page for page in PAGES if page.question == number)


def page(number: int, slug: str = "") -> PageSpec | None:
    return BY_REF.get(f"{number}/{slug}" if slug else str(number))


def answered(spec: PageSpec, answers: Data) -> bool:
    return spec.keys[0] in _q(answers, spec.question)


def needed_pages(number: int, data: Data) -> tuple[PageSpec, ...]:
    """The pages of question ``number`` these answers need, in order."""
    return tuple(spec for spec in pages_of(number) if spec.needed(data))


def trimmed(data: Data, route: Iterable[int]) -> dict[str, object]:
    """Only what the record keeps: the questions on the route, and of each only the keys of
    the pages it needs (an answer on a page no longer needed, say consents ticked before
    the answer became "refused", is left in the audit log, not in the record)."""
    kept: dict[str, object] = {}
    for n in route:
        stored = _q(data, n)
        keys = [key for spec in needed_pages(n, data) for key in spec.keys]
        kept[f"q{n}"] = {key: stored[key] for key in keys if key in stored}
    return kept


@dataclass(frozen=True, slots=True)
class QuestionState:
    number: int
    status: Status
    reason: str  # plain words, for "not needed" and "cannot start yet"
    pages: tuple[PageSpec, ...]  # the pages it needs (empty unless on the route)
    todo: tuple[PageSpec, ...]  # of those, not answered yet or kept with problems


# Why a question the branch skipped is not needed, by how the branch left (routing.EXITS).
NOT_NEEDED = {
    "no_purpose": "Not needed: you said there is no legitimate purpose to share.",
    "outside_functions": "Not needed: sharing is not within your agency's functions or powers.",
    "no_need_to_know": "Not needed: the recipient does not need to know.",
    "anonymised": "Not needed: the information does not identify anyone.",
    "not_confidential": "Not needed: the information is not confidential.",
    "consent": "Not needed: consent covers this sharing.",
    "statutory": "Not needed: a legal duty or court order requires the sharing.",
}
ONLY_IF_SHARING = "Only needed if you decide to share: it records what is shared, and how."


def question_states(
    data: Data, typed: Mapping[str, object] | None = None
) -> tuple[QuestionState, ...]:
    """Where each of the eight questions stands, for the task list. ``typed`` holds the
    pages kept as typed with problems (Decision.typed, by PageSpec.ref)."""
    typed = typed or {}
    route, exit_ = branch(data)
    states = []
    for n in range(1, 9):
        if n in route:
            pages = needed_pages(n, data)
            todo = tuple(s for s in pages if not answered(s, data) or s.ref in typed)
            if any(s.ref in typed for s in pages):
                status: Status = "problem"
            elif not todo:
                status = "completed"
            else:
                status = "in_progress" if len(todo) < len(pages) else "not_started"
            states.append(QuestionState(n, status, "", pages, todo))
        elif exit_ is None and n > route[-1]:
            reason = f"Answer question {route[-1]} first."
            states.append(QuestionState(n, "cannot_start", reason, (), ()))
        else:
            reason = ONLY_IF_SHARING if n == 7 else NOT_NEEDED.get(exit_ or "", "Not needed.")
            states.append(QuestionState(n, "not_needed", reason, (), ()))
    return tuple(states)


def version(spec: PageSpec, data: Data, typed: Mapping[str, object] | None = None) -> str:
    """A short fingerprint of what is saved for this page, and of what is kept as typed on
    it. A page is sent with the fingerprint it was shown with, so that saving over answers
    changed meanwhile in another tab or window is noticed instead of silently undone."""
    stored = _q(data, spec.question)
    saved = {key: stored[key] for key in spec.keys if key in stored}
    body = json.dumps([saved, (typed or {}).get(spec.ref)], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()[:16]
