import pytest

from agencies.models import Role
from tests.factories.agencies import member
from tests.factories.review import flagged_decision


@pytest.fixture
def decision(allocated_case, practitioner, agency):
    return flagged_decision(allocated_case, practitioner, {"csc": agency})


@pytest.fixture
def second_lead(agency):
    """A deputy: a second lead information officer of the same agency."""
    return member(agency, Role.LEAD_OFFICER, user__username="deputy.lead")
