"""Whether the consent relied on at question 4 covers the proposed sharing (L 4.3.11,
L 4.3.15-4.3.22, B 7). Pure functions, no Django imports: part of the guidance engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from consent.catalogues import CONSENT_GIVER_ROLES, PURPOSES, label

from .reading import Data, as_map, boolean, code, day, integer, items, text

# L 4.3.15-4.3.16: 16 and 17 year olds may decide for themselves; children of 12 or over
# can generally be expected to understand enough, so their understanding must be assessed.
PRESUMED_ABLE_FROM = 16
EXPECTED_TO_UNDERSTAND_FROM = 12


@dataclass(frozen=True, slots=True)
class ConsentCheck:
    relied: tuple[Data, ...] = ()  # the consent records q4.consent_ids points at
    problems: tuple[str, ...] = ()  # why relied-on consents do not cover this sharing
    covering: tuple[Data, ...] = ()  # the relied-on records that do cover it
    child_refused: bool = False  # a child able to decide refused this sharing (L 4.3.19)
    unassessed_child_refused: bool = False  # a child of 12 to 15, never assessed, refused

    @property
    def valid_roles(self) -> frozenset[str]:
        """Giver roles of the consents that cover this sharing."""
        return frozenset(text(c, "giver_role") for c in self.covering)

    @property
    def unrecorded(self) -> bool:
        """Consent is said to be obtained, but no consent record is linked to it. Explicit
        verbal consent is consent; its details must still be recorded (L 4.3.12)."""
        return not self.relied

    @property
    def effective(self) -> bool:
        # A competent child's refusal is the one to consider, even if a parent agrees
        # (L 4.3.19); overriding it is a best-interests decision for Q5-Q6 (L 4.3.20).
        if self.child_refused:
            return "child" in self.valid_roles
        return bool(self.covering) or self.unrecorded


def _covers(c: Data, purpose: str, recipient: int | None, as_of: date | None) -> list[str]:
    """Why this consent record does not cover the sharing ([] if it does)."""
    why = []
    withdrawn = text(c, "withdrawn_on")
    when = day(withdrawn)
    if text(c, "outcome") == "withdrawn" or (
        withdrawn and (when is None or as_of is None or when <= as_of)
    ):
        why.append("it has been withdrawn")
    until = day(text(c, "scope_until"))
    if until is not None and as_of is not None and as_of > until:
        why.append(f"it ran out on {until:%-d %B %Y}")
    if not purpose:
        why.append("the purpose category is not recorded")
    elif purpose not in items(c, "scope_purposes"):
        why.append("it does not cover this purpose")
    agencies = [integer(a) for a in items(c, "scope_agency_ids")]
    if recipient is not None and recipient not in agencies:
        why.append("it does not cover the recipient agency")
    return why


def _child_refusal(c: Data, purpose: str, recipient: int | None, as_of: date | None) -> bool:
    """A child's refusal that still stands and reaches this sharing. An empty purpose or
    agency list on a refusal means the child refused all sharing."""
    if not (text(c, "giver_role") == "child" and text(c, "outcome") == "refused"):
        return False
    until = day(text(c, "scope_until"))
    if as_of is not None and until is not None and as_of > until:
        return False
    purposes = items(c, "scope_purposes")
    agencies = [integer(a) for a in items(c, "scope_agency_ids")]
    return (not purposes or purpose in purposes) and (
        not agencies or recipient is None or recipient in agencies
    )


def check_consent(answers: Data) -> ConsentCheck:
    """Whether the consents relied on at Q4 cover this purpose, recipient and date.

    The recipient comes from q7 even before Q7 is answered, because it identifies the
    proposed sharing; while it is unknown the agency is not checked (provisionally in scope).
    """
    purpose = code(as_map(answers.get("q1")), "purpose_category", PURPOSES)
    recipient = integer(as_map(answers.get("q7")).get("recipient_agency_id"))
    as_of = day(text(answers, "as_of"))
    age = integer(answers.get("child_age"))
    wanted = {integer(i) for i in items(as_map(answers.get("q4")), "consent_ids")} - {None}
    records = [as_map(c) for c in items(answers, "consents")]
    relied = tuple(c for c in records if integer(c.get("id")) in wanted)
    problems: list[str] = []
    covering: list[Data] = []
    for c in relied:
        why = _covers(c, purpose, recipient, as_of)
        if text(c, "outcome") not in ("given", "withdrawn"):
            why.insert(0, "it does not record consent being given")
        who = label(CONSENT_GIVER_ROLES, text(c, "giver_role")) or "Consent"
        if why:
            problems.append(f"{who}: {', '.join(why)}")
        else:
            covering.append(c)
    refusals = [c for c in records if _child_refusal(c, purpose, recipient, as_of)]
    presumed = age is not None and PRESUMED_ABLE_FROM <= age < 18  # L 4.3.15
    expected = age is not None and EXPECTED_TO_UNDERSTAND_FROM <= age < PRESUMED_ABLE_FROM
    able = [
        c
        for c in refusals
        if boolean(c, "competent") is True or (boolean(c, "competent") is None and presumed)
    ]
    unassessed = expected and any(boolean(c, "competent") is None for c in refusals)
    return ConsentCheck(relied, tuple(problems), tuple(covering), bool(able), unassessed)
