"""Every password change, wherever it is made, is an audit event and the person is told by
e-mail: their own page, the admin, and `changepassword`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from agencies import services as agency_services
from audit.models import AuditEvent
from tests.factories.agencies import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "a-new-longer-password-2027"


def _changes():
    return list(AuditEvent.objects.filter(action="auth.password_changed").order_by("id"))


@pytest.fixture
def with_email(practitioner):
    practitioner.email = "sam@example.org"
    practitioner.save()
    return practitioner


def test_a_person_changes_their_own_password_and_is_told(
    client, with_email, django_capture_on_commit_callbacks
):
    client.force_login(with_email)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
    assert response.status_code == 302
    (event,) = _changes()
    assert event.actor_id == with_email.pk
    assert event.object_id == str(with_email.pk)
    assert event.payload == {"changed_by": "self"}
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert message.subject == "Your password was changed"
    assert NEW not in message.body
    assert client.get(reverse("records:case_list")).status_code == 200  # still signed in


def test_a_wrong_current_password_is_refused_beside_the_field(client, with_email):
    client.force_login(with_email)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "Your current password is wrong" in response.content.decode()
    assert _changes() == []


def test_a_superuser_changing_a_password_in_the_admin_is_recorded_as_them(
    admin_client, admin_user, with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:auth_user_password_change", args=[with_email.pk]),
            {"password1": NEW, "password2": NEW, "usable_password": "true"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    (event,) = _changes()
    assert event.actor_id == admin_user.pk
    assert event.object_id == str(with_email.pk)
    assert event.payload == {"changed_by": "administrator"}
    assert event.chain == f"agency:{with_email.membership.agency_id}"
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert "by an administrator" in mail.outbox[0].body


def test_changepassword_on_the_command_line_is_recorded(
    monkeypatch, with_email, django_capture_on_commit_callbacks
):
    answers = iter([NEW, NEW])
    # The command reads the new password from the terminal: typed here by the test.
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("changepassword", with_email.username, stdout=io.StringIO())
    (event,) = _changes()
    assert event.actor_id is None
    assert event.payload == {"changed_by": "command line"}
    assert len(mail.outbox) == 1


def test_a_new_accounts_first_password_is_not_a_change(agency):
    agency_services.member_create(
        actor=None, agency=agency, username="new.person", password=NEW, role="practitioner"
    )
    assert get_user_model().objects.get(username="new.person").check_password(NEW)
    assert _changes() == []
