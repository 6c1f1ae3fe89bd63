from __future__ import annotations

from typing import TYPE_CHECKING

from agencies.permissions import may_record_on
from records.panels import Panel

from .selectors import consents_for_case

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from records.models import Case


def consents_panel(user: User | AnonymousUser, case: Case) -> Panel:
    return Panel(
        "consent/panel_consents.html",
        order=20,
        context={
            "case": case,
            "consents": list(consents_for_case(case=case)),
            "can_record": may_record_on(user, case),
        },
    )
