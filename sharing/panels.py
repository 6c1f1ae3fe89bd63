"""What the sharing app adds to pages of the apps below it: the decisions on a case page,
and the practitioner's own drafts on their home page (records.panels)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from agencies.permissions import may_continue_draft, may_record_on
from records.panels import Panel

from . import selectors
from .models import Decision
from .naming import draft_about, draft_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from records.models import Case


def _drafts(
    user: User | AnonymousUser, decisions: Iterable[Decision], *, show_case: bool
) -> list[dict[str, Any]]:
    return [
        {
            "decision": d,
            "name": draft_name(d.kind, d.answers),
            "about": draft_about(d.kind, d.answers),
            "mine": may_continue_draft(user, d),
            "show_case": show_case,
        }
        for d in decisions
    ]


def decisions_panel(user: User | AnonymousUser, case: Case) -> Panel:
    decisions = list(selectors.decisions_for_case(user, case=case))
    return Panel(
        "sharing/panel_decisions.html",
        order=10,
        context={
            "case": case,
            "drafts": _drafts(user, [d for d in decisions if d.is_draft], show_case=False),
            "submitted": [d for d in decisions if not d.is_draft],
            "can_record": may_record_on(user, case),
        },
    )
