from __future__ import annotations

from typing import TYPE_CHECKING

from agencies.permissions import may_record_on
from records.panels import Panel

from . import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from records.models import Case


def decisions_panel(user: User | AnonymousUser, case: Case) -> Panel:
    decisions = list(selectors.decisions_for_case(user, case=case))
    return Panel(
        "sharing/panel_decisions.html",
        order=10,
        context={
            "case": case,
            "drafts": [d for d in decisions if d.is_draft],
            "submitted": [d for d in decisions if not d.is_draft],
            "can_record": may_record_on(user, case),
        },
    )
