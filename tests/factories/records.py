import datetime

import factory
from guardian.shortcuts import assign_perm

from records.models import Allocation, Case, ConnectedPerson, Relationship
from records.services import ALLOCATION_PERMISSIONS

from .agencies import AgencyFactory, UserFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    agency = factory.SubFactory(AgencyFactory)
    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    child_name = factory.Faker("name", locale="en_GB")
    date_of_birth = datetime.date(2012, 5, 17)
    created_by = factory.SubFactory(UserFactory)


class ConnectedPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConnectedPerson

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = Relationship.PARENT_CARER
    parental_responsibility = True


def allocate(case: Case, user) -> Allocation:
    """Allocate as the service does (grant included), without writing audit events."""
    allocation = Allocation.objects.create(case=case, user=user, allocated_by=user)
    for permission in ALLOCATION_PERMISSIONS:
        assign_perm(permission, user, case)
    return allocation
