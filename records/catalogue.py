"""Catalogues: stable codes, plain-English labels, and the paragraph each comes from.

The machinery every app's catalogues share (consent.catalogues, sharing.catalogues).
Pure Python, no Django imports: the guidance engine reads catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["Entry", "choices", "codes", "get", "label"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalogue entry: a stable code, a plain-English label and its source paragraph.

    ``hint`` is optional help text shown under the option (GOV.UK radio or checkbox hint).
    Catalogues that need more attributes subclass this (see ``sharing.catalogues``).
    """

    code: str
    label: str
    source: str
    hint: str = ""


E = TypeVar("E", bound=Entry)


def choices(catalogue: Iterable[Entry]) -> list[tuple[str, str]]:
    """(code, label) pairs in catalogue order, for Django form fields."""
    return [(entry.code, entry.label) for entry in catalogue]


def codes(catalogue: Iterable[Entry]) -> frozenset[str]:
    """Every code in the catalogue."""
    return frozenset(entry.code for entry in catalogue)


def get(catalogue: Sequence[E], code: object) -> E | None:
    """The entry with this code, or None (also for a code of the wrong type)."""
    for entry in catalogue:
        if entry.code == code:
            return entry
    return None


def label(catalogue: Sequence[Entry], code: str) -> str:
    """The label for a code; an unknown code is shown as itself so nothing is hidden."""
    entry = get(catalogue, code)
    return entry.label if entry is not None else code
