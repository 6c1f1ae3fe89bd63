"""The route through the eight key questions (SPEC 4, L 4.5.1): which questions a branch
visits and how it leaves for questions 7 and 8. Pure functions, no Django imports: part of
the guidance engine (sharing.guidance re-exports route and next_question)."""

from __future__ import annotations

from collections.abc import Mapping

from .catalogues import CONFIDENTIALITY_RELATIONSHIPS, CONSENT_STATUSES, DECISIONS, get
from .catalogues import PUBLIC_INTEREST_CONCLUSIONS as CONCLUSIONS
from .consent_check import check_consent
from .reading import Data, as_map, boolean, code, text

SHARING_DECISIONS = frozenset(d.code for d in DECISIONS if d.shares)
# How a branch can leave for Q7 (the information may be shared) or straight for Q8.
EXITS_TO_Q7 = frozenset({"anonymised", "not_confidential", "consent", "statutory", "pi_justified"})
EXITS = EXITS_TO_Q7 | {
    "no_purpose",
    "outside_functions",
    "no_need_to_know",
    "pi_not_justified",
    "pi_unsure",
}


def walk(answers: Data) -> tuple[tuple[int, ...], str | None]:
    """The questions visited before the branch leaves for Q7/Q8, and how it left (one of
    EXITS). The exit is None while an answer needed to branch is missing: the route stops
    at that question."""
    q = {n: as_map(answers.get(f"q{n}")) for n in range(1, 7)}
    purpose = boolean(q[1], "has_purpose")
    if purpose is not True:
        return (1,), None if purpose is None else "no_purpose"  # L 4.5.2
    if boolean(q[1], "within_functions") is False:
        return (1,), "outside_functions"  # L 4.5.3
    if boolean(q[1], "need_to_know") is False:
        return (1,), "no_need_to_know"  # L 4.5.4; B 4 (Caldicott 4)
    identifiable = boolean(q[2], "identifiable")
    if identifiable is not True:
        return (1, 2), None if identifiable is None else "anonymised"  # L 4.5.5
    confidential = boolean(q[3], "confidential")
    if confidential is None:  # fall back on the relationship chosen (L 4.5.6)
        relationship = get(CONFIDENTIALITY_RELATIONSHIPS, text(q[3], "relationship"))
        confidential = relationship.confidential if relationship else None
    if confidential is not True:
        return (1, 2, 3), None if confidential is None else "not_confidential"  # L 4.3.2
    status = code(q[4], "consent_status", CONSENT_STATUSES)
    if not status:
        return (1, 2, 3, 4), None
    if status == "obtained" and check_consent(answers).effective:
        return (1, 2, 3, 4), "consent"  # L 4.3.4; L 4.3.12
    duty = boolean(q[5], "statutory_duty")
    if duty is not False:
        return (1, 2, 3, 4, 5), None if duty is None else "statutory"  # L 4.5.10
    conclusion = code(q[6], "conclusion", CONCLUSIONS)
    return (1, 2, 3, 4, 5, 6), f"pi_{conclusion}" if conclusion else None  # L 4.5.16


def _decision(answers: Data) -> str:
    return code(as_map(answers.get("q8")), "decision", DECISIONS)


def branch(answers: Mapping[str, object] | object) -> tuple[tuple[int, ...], str | None]:
    """The route (question numbers in order, ending 8 when complete) and how it left."""
    data = as_map(answers)
    visited, exit_ = walk(data)
    if exit_ is None:
        return visited, None
    # Q7 is always asked before Q8 when the decision is to share, even against the
    # guidance, so that what was shared is recorded (L 4.5.21).
    to_q7 = exit_ in EXITS_TO_Q7 or _decision(data) in SHARING_DECISIONS
    return (*visited, *((7,) if to_q7 else ()), 8), exit_


def route(answers: Mapping[str, object] | object) -> list[int]:
    """The question numbers the branch visits, in order: from 1, ending 8 when complete."""
    return list(branch(answers)[0])


def next_question(answers: Mapping[str, object] | object, after: int) -> int | None:
    """The question to show after question ``after``; None when the route is complete.

    If the route stops before 8 (an answer needed to branch is missing) and nothing on it
    comes after ``after``, the question where it stops is returned.
    """
    visited = route(answers)
    later = [n for n in visited if n > after]
    if later:
        return later[0]
    return None if visited[-1] == 8 else visited[-1]
