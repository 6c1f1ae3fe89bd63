"""Five wrong passwords for one username from one address lock that pair out (django-axes);
the lock ends after 30 minutes or when the agency administrator unlocks the account. The
log says who was locked out, never what was typed."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories.agencies import PASSWORD

pytestmark = pytest.mark.django_db


def _try(client, username, password="wrong-password", address="81.2.69.160"):  # noqa: S107
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_fifth_wrong_password_locks_the_account_out_even_for_the_right_one(
    client, practitioner
):
    for _ in range(4):
        assert _try(client, "practitioner").status_code == 200
    assert not AuditEvent.objects.filter(action="auth.locked_out").exists()
    assert _try(client, "practitioner").status_code == 429
    locked = _try(client, "practitioner", PASSWORD)
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # One event for the lockout, and one for each try refused while it lasts.
    assert AuditEvent.objects.filter(action="auth.locked_out").count() == 2
    event = AuditEvent.objects.filter(action="auth.locked_out").earliest("id")
    assert event.object_id == str(practitioner.pk)
    assert event.chain == f"agency:{practitioner.membership.agency_id}"


def test_a_lockout_is_per_username_and_address(client, practitioner):
    for _ in range(5):
        _try(client, "practitioner", address="81.2.69.160")
    assert _try(client, "practitioner", PASSWORD, address="81.2.69.161").status_code == 302


def test_an_unknown_username_is_logged_as_unknown_never_as_the_text_typed(client):
    _try(client, "my-secret-password-typed-in-the-wrong-box")
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.payload == {"username": "unknown"}
    assert "my-secret" not in str(AuditEvent.objects.values_list()[::1])


def test_the_lock_ends_after_30_minutes(client, practitioner):
    for _ in range(5):
        _try(client, "practitioner")
    # Half an hour on: the attempts are as old as the cool-off.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=31)
    )
    assert _try(client, "practitioner", PASSWORD).status_code == 302


def test_the_agency_administrator_unlocks_a_member_and_it_is_logged(
    client, practitioner, agency_admin
):
    for _ in range(5):
        _try(client, "practitioner")
    admin_client = type(client)()
    admin_client.force_login(agency_admin)
    page = admin_client.get(reverse("accounts:lockouts"))
    assert practitioner.get_full_name() in page.content.decode()
    response = admin_client.post(reverse("accounts:unlock", args=[practitioner.pk]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert event.actor_id == agency_admin.pk
    assert event.object_id == str(practitioner.pk)
    assert _try(client, "practitioner", PASSWORD).status_code == 302


def test_another_agencys_administrator_cannot_unlock_and_gets_404(
    client, practitioner, other_agency
):
    from agencies.models import Role
    from tests.factories.agencies import member

    for _ in range(5):
        _try(client, "practitioner")
    outsider = member(other_agency, Role.AGENCY_ADMIN)
    client.force_login(outsider)
    assert client.post(reverse("accounts:unlock", args=[practitioner.pk])).status_code == 404
    assert AccessAttempt.objects.exists()
    refused = AuditEvent.objects.get(action="access.refused")
    assert refused.chain == f"agency:{practitioner.membership.agency_id}"


def test_only_agency_administrators_see_the_locked_accounts_page(client, lead_officer):
    client.force_login(lead_officer)
    assert client.get(reverse("accounts:lockouts")).status_code == 403


def test_an_administrator_cannot_unlock_their_own_account(client, agency_admin):
    """Someone who has an administrator's password and locked the account trying it must
    not be able to lift the lock from the administrator's other session (issue 14)."""
    attacker = type(client)()
    for _ in range(5):
        _try(attacker, agency_admin.get_username())
    client.force_login(agency_admin)
    response = client.post(reverse("accounts:unlock", args=[agency_admin.pk]))
    assert response.status_code == 403
    assert AccessAttempt.objects.exists()
    assert not AuditEvent.objects.filter(action="auth.unlocked").exists()
