from __future__ import annotations

from typing import TYPE_CHECKING

from agencies.permissions import may_record_on
from records.panels import Panel

from .chronology import chronology_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from records.models import Case


def chronology_panel(user: User | AnonymousUser, case: Case) -> Panel:
    return Panel(
        "exchange/panel_chronology.html",
        order=30,
        context={
            "case": case,
            "entries": chronology_for(case),
            "may_correct": may_record_on(user, case),
        },
    )
