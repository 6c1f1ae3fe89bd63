"""The home page's queue of agreements past their review date (issue 14, step 4)."""

from __future__ import annotations


def register_queues() -> None:
    return None
