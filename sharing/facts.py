"""What the guidance engine's rules see: the answers on the route (answers on questions the
branch does not visit are ignored), how the branch left, and the consent check. Pure, no
Django imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from records.catalogue import Entry, codes, get

from .catalogues import CONSENT_STATUSES, DECISIONS, METHODS, RISK_LEVELS, RiskLevel
from .consent_check import ConsentCheck
from .reading import Data, as_map, boolean, code, integer, items, text
from .routing import SHARING_DECISIONS


@dataclass(frozen=True, slots=True)
class Facts:
    answers: Data
    route: tuple[int, ...]
    exit: str | None  # how the branch left: routing.EXITS
    consent: ConsentCheck
    recommendation: str = ""

    def q(self, n: int) -> Data:
        return as_map(self.answers.get(f"q{n}")) if n in self.route else {}

    def yes(self, n: int, key: str) -> bool:
        return boolean(self.q(n), key) is True

    def no(self, n: int, key: str) -> bool:
        return boolean(self.q(n), key) is False

    def text(self, n: int, key: str) -> str:
        return text(self.q(n), key)

    def code(self, n: int, key: str, catalogue: Sequence[Entry]) -> str:
        return code(self.q(n), key, catalogue)

    def codes(self, n: int, key: str, catalogue: Sequence[Entry]) -> frozenset[str]:
        return frozenset(x for x in items(self.q(n), key) if isinstance(x, str)) & codes(catalogue)

    def items(self) -> list[Data]:
        return [as_map(i) for i in items(self.q(7), "items") if text(as_map(i), "text")]

    @property
    def kind(self) -> str:
        return text(self.answers, "kind")

    @property
    def child_age(self) -> int | None:
        return integer(self.answers.get("child_age"))

    @property
    def decision(self) -> str:
        return self.code(8, "decision", DECISIONS)

    @property
    def sharing(self) -> bool:
        return self.decision in SHARING_DECISIONS

    @property
    def consent_status(self) -> str:
        return self.code(4, "consent_status", CONSENT_STATUSES)

    @property
    def risk(self) -> RiskLevel | None:
        return get(RISK_LEVELS, self.text(6, "risk_level"))

    @property
    def significant(self) -> bool:
        return self.risk is not None and self.risk.significant

    @property
    def without_consent(self) -> bool:
        """Identifiable, confidential information and no consent that covers the sharing."""
        return 4 in self.route and self.exit != "consent"

    @property
    def method(self) -> tuple[bool, bool]:
        """(secure, verbal) for the method recorded; an unknown method is neither flagged."""
        m = get(METHODS, self.text(7, "method"))
        return (m.secure, m.verbal) if m else (True, False)
