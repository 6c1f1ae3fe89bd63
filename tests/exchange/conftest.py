from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from agencies.models import AgencyKind, Role
from tests.factories.agencies import AgencyFactory, member
from tests.factories.records import CaseFactory, allocate

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def on(db):
    """Freeze the clock on a day: `on(datetime.date(2027, 3, 16))`; call again to move."""
    travellers = []

    def travel(day: datetime.date, hour: int = 10):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(
            datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False
        )
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def health(db):
    return AgencyFactory(name="Northshire Community Health", kind=AgencyKind.HEALTH)


@pytest.fixture
def health_practitioner(health):
    return member(health, Role.PRACTITIONER, user__username="health.practitioner")


@pytest.fixture
def health_lead(health):
    return member(health, Role.LEAD_OFFICER, user__username="health.lead")


@pytest.fixture
def health_case(health, health_practitioner):
    case = CaseFactory(
        agency=health, created_by=health_practitioner, child_name="Oliver Brown", reference="HV-1"
    )
    allocate(case, health_practitioner)
    return case
