"""What one worker writes: an agency's plan, and the decision templates it draws from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRACTITIONERS_PER_AGENCY = 20
DECISIONS_PER_CASE = 4
HEAVY_CASE_DECISIONS = 45  # about 500 events: the bench's "busy case"


@dataclass(frozen=True)
class Template:
    """A decision as the real forms saved it, with the guidance the engine gave it."""

    kind: str
    answers: dict[str, Any]  # q1..q8 as the pages save them
    recommendation: str
    flags: list[dict[str, str]]
    outcome: str


@dataclass(frozen=True)
class Plan:
    agency_id: int
    agency_name: str
    recipient_id: int
    recipient_name: str
    practitioners: list[tuple[int, str]]
    lead: tuple[int, str]
    decisions: int
    heavy: bool
    ids: dict[str, int]  # first id for each table in this agency's block
    seed: int

    @property
    def cases(self) -> int:
        return max(1, self.decisions // DECISIONS_PER_CASE) + 1
