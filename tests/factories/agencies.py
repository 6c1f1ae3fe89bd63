import factory
from django.contrib.auth import get_user_model

from agencies.models import Agency, AgencyKind, Membership, Role

PASSWORD = "a-test-password-1"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE
    statutory = True
    secure_email_domains = factory.LazyAttribute(lambda a: [f"agency{a.name.split()[-1]}.gov.uk"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.PRACTITIONER
    job_title = "Social worker"

    @factory.post_generation
    def audit_scope(self, create, extracted, **kwargs):
        if create and extracted:
            self.audit_scope.set(extracted)


def member(agency: Agency, role: str = Role.PRACTITIONER, **kwargs):
    """A user with a membership of `agency` in `role`; returns the user."""
    return MembershipFactory(agency=agency, role=role, **kwargs).user
