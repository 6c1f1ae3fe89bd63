"""Reading the stored answers, which nothing can trust: a value of the wrong type counts as
missing, and nothing raises. Pure functions, no Django imports (the guidance engine's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from records.catalogue import Entry, codes

Data = Mapping[str, object]


def as_map(value: object) -> Data:
    return value if isinstance(value, Mapping) else {}


def boolean(data: Data, key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def text(data: Data, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def code(data: Data, key: str, catalogue: Sequence[Entry]) -> str:
    value = text(data, key)
    return value if value in codes(catalogue) else ""


def items(data: Data, key: str) -> list[object]:
    value = data.get(key)
    return list(value) if isinstance(value, list | tuple) else []


def integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
