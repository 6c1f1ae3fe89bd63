"""The exchange's receivers of what the apps below it announce (they cannot call up)."""

from __future__ import annotations

from typing import Any

from . import services


def on_decision_submitted(sender: Any, *, decision: Any, disclosure: Any, **kwargs: Any) -> None:
    """`sharing.signals.decision_submitted`: deliver at once, in the submission's own
    transaction, so the recipient's inbox and both chains never lag the record."""
    services.decision_submitted_receive(decision=decision, disclosure=disclosure)
