"""Adding a member by invitation, resetting a member's second factor, and the agency's own
details (issue 14, docs/adr/0033)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from administration.models import Invitation
from administration.services import token_digest
from agencies.models import Agency, AgencyKind, Role
from audit.models import AuditEvent
from tests.conftest import verified_device

pytestmark = pytest.mark.django_db

NEW_MEMBER = {
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "Priya.Shah@northshire.gov.uk",
    "job_title": "Family support worker",
    "role": Role.PRACTITIONER,
}
PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def admin_client(client, agency_admin, django_capture_on_commit_callbacks):
    """The administrator's client, with e-mails sent as each request commits."""
    client.force_login(agency_admin)
    original = client.request

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(**kwargs)

    client.request = request
    return client


def _invite(admin_client) -> str:
    """Invite the new member and return the link's token, read from the e-mail."""
    response = admin_client.post(reverse("administration:member_add"), NEW_MEMBER)
    assert response.status_code == 302, response.content.decode()[:2000]
    return _token_of(mail.outbox[-1].body)


def _token_of(body: str) -> str:
    match = re.search(r"/accounts/invitation/([^/\s]+)/", body)
    assert match, body
    return match.group(1)


def _accept(token: str) -> tuple[Client, object]:
    visitor = Client()
    response = visitor.post(
        reverse("invitation", args=[token]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    return visitor, response


# --- inviting -----------------------------------------------------------------------------


def test_an_invitation_creates_the_member_without_a_password_and_e_mails_a_one_time_link(
    admin_client, agency, agency_admin
):
    token = _invite(admin_client)
    user = get_user_model().objects.get(email="priya.shah@northshire.gov.uk")
    assert user.membership.agency == agency
    assert user.membership.role == Role.PRACTITIONER
    assert user.password == ""  # cannot sign in with anything until the link is used
    message = mail.outbox[-1]
    assert message.to == ["priya.shah@northshire.gov.uk"]
    assert agency.name in message.body
    assert agency_admin.get_full_name() in message.body
    assert "Your username is: priya.shah" in message.body
    # Only the token's digest is stored: a copy of the database holds no working link.
    stored = Invitation.objects.get(membership=user.membership)
    assert stored.token_digest == token_digest(token)
    assert token not in stored.token_digest
    event = AuditEvent.objects.get(action="membership.invited")
    assert event.chain == f"agency:{agency.pk}"
    assert event.payload["user_id"] == user.pk
    assert token not in str(event.payload)
    member_page = admin_client.get(reverse("administration:members")).content.decode()
    assert "Invited" in member_page


def test_the_invitation_link_works_once_then_signs_in_and_sends_to_second_factor_set_up(
    admin_client,
):
    token = _invite(admin_client)
    opened = Client().get(reverse("invitation", args=[token]))
    assert opened.status_code == 200
    assert "priya.shah" in opened.content.decode()
    visitor, response = _accept(token)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enrol")
    assert visitor.get(reverse("accounts:enrol")).status_code == 200
    user = get_user_model().objects.get(email="priya.shah@northshire.gov.uk")
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="membership.invitation_accepted").count() == 1
    # The first password is not a "your password was changed" notice.
    assert not AuditEvent.objects.filter(action="auth.password_changed").exists()
    # Used once, the link works no more: not to look at, not to set another password.
    assert Client().get(reverse("invitation", args=[token])).status_code == 410
    _, again = _accept(token)
    assert again.status_code == 410
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_invitation_link_expires_after_three_days(admin_client):
    token = _invite(admin_client)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(reverse("invitation", args=[token]))
    assert response.status_code == 410
    assert "ask your agency's administrator" in response.content.decode()
    _, posted = _accept(token)
    assert posted.status_code == 410
    assert get_user_model().objects.get(email="priya.shah@northshire.gov.uk").password == ""


def test_an_invitation_is_valid_for_three_days_from_sending(admin_client):
    before = timezone.now()
    _invite(admin_client)
    invitation = Invitation.objects.get()
    assert before + timedelta(days=3) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + timedelta(days=3)


def test_a_made_up_token_says_the_link_does_not_work_not_a_500(client):
    assert client.get(reverse("invitation", args=["not-a-real-token"])).status_code == 410


def test_a_new_invitation_withdraws_the_earlier_link(admin_client):
    first = _invite(admin_client)
    user = get_user_model().objects.get(email="priya.shah@northshire.gov.uk")
    response = admin_client.post(reverse("administration:member_invite_again", args=[user.pk]))
    assert response.status_code == 302
    second = _token_of(mail.outbox[-1].body)
    assert first != second
    assert Client().get(reverse("invitation", args=[first])).status_code == 410
    assert Client().get(reverse("invitation", args=[second])).status_code == 200
    assert AuditEvent.objects.filter(action="membership.invited_again").count() == 1


def test_a_signed_in_person_opening_an_invitation_link_gets_404(admin_client):
    token = _invite(admin_client)
    assert admin_client.get(reverse("invitation", args=[token])).status_code == 404


def test_a_password_the_validators_refuse_is_told_beside_the_field_and_the_link_still_works(
    admin_client,
):
    token = _invite(admin_client)
    response = Client().post(
        reverse("invitation", args=[token]),
        {"new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "too common" in text
    assert Client().get(reverse("invitation", args=[token])).status_code == 200


def test_an_invitation_with_missing_details_keeps_what_was_typed_and_says_what_is_missing(
    admin_client,
):
    typed = {**NEW_MEMBER, "last_name": "  ", "email": "not an address"}
    response = admin_client.post(reverse("administration:member_add"), typed)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter their last name" in text
    assert "Enter an e-mail address like name@example.org" in text
    assert 'value="Priya"' in text
    assert 'value="Family support worker"' in text
    assert mail.outbox == []


def test_an_e_mail_address_already_in_use_is_refused_beside_the_field(admin_client, practitioner):
    practitioner.email = "sam.jones@northshire.gov.uk"
    practitioner.save(update_fields=["email"])
    response = admin_client.post(
        reverse("administration:member_add"),
        {**NEW_MEMBER, "email": "Sam.Jones@Northshire.gov.uk"},
    )
    assert response.status_code == 200
    assert "already has an account with this e-mail address" in response.content.decode()
    assert not AuditEvent.objects.filter(action="membership.invited").exists()


def test_only_the_agency_administrator_invites(client, practitioner, lead_officer):
    for user in (practitioner, lead_officer):
        client.force_login(user)
        response = client.post(reverse("administration:member_add"), NEW_MEMBER)
        assert response.status_code == 403
    assert not get_user_model().objects.filter(email__iexact=NEW_MEMBER["email"]).exists()


# --- resetting a member's second factor -----------------------------------------------------


def test_resetting_a_members_second_factor_removes_it_ends_their_sessions_and_is_audited(
    admin_client, lead_officer
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    theirs = Client()
    theirs.force_login(lead_officer)
    assert theirs.get(reverse("home")).status_code == 200
    response = admin_client.post(
        reverse("administration:member_second_factor", args=[lead_officer.pk]),
        {"reason": "Lost their phone"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lead_officer).exists()
    assert theirs.get(reverse("home"))["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.get(action="auth.second_factor_reset")
    assert event.payload["reason"] == "Lost their phone"
    assert event.payload["sessions_ended"] == 1


def test_an_administrator_cannot_reset_their_own_second_factor(admin_client, agency_admin):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    response = admin_client.post(
        reverse("administration:member_second_factor", args=[agency_admin.pk]),
        {"reason": "Lost my phone"},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=agency_admin).exists()
    assert not AuditEvent.objects.filter(action="auth.second_factor_reset").exists()


def test_resetting_a_second_factor_nobody_set_up_is_told_not_a_500(admin_client, practitioner):
    response = admin_client.post(
        reverse("administration:member_second_factor", args=[practitioner.pk]),
        {"reason": "Asked to"},
    )
    assert response.status_code == 200
    assert "has not set up a second factor" in response.content.decode()


def test_the_member_page_offers_a_reset_only_when_there_is_a_second_factor(
    admin_client, practitioner
):
    url = reverse("administration:member_detail", args=[practitioner.pk])
    assert "Reset their second factor" not in admin_client.get(url).content.decode()
    verified_device(practitioner)
    assert "Reset their second factor" in admin_client.get(url).content.decode()


# --- the agency's details -------------------------------------------------------------------


def test_the_agency_details_are_changed_by_its_administrator_and_audited(admin_client, agency):
    response = admin_client.post(
        reverse("administration:details"),
        {
            "kind": AgencyKind.VOLUNTARY,
            "statutory": "no",
            "protocol_signed_on_0": "1",
            "protocol_signed_on_1": "3",
            "protocol_signed_on_2": "2026",
            "secure_email_domains": "Northshire.gov.uk\n@nhs.net\nnorthshire.gov.uk",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.statutory is False
    assert agency.protocol_signed_on.isoformat() == "2026-03-01"
    assert agency.secure_email_domains == ["northshire.gov.uk", "nhs.net"]
    event = AuditEvent.objects.get(action="agency.details_changed")
    assert set(event.payload["changed"]) >= {"statutory", "protocol_signed_on"}
    assert event.payload["changed"]["statutory"] == {"from": True, "to": False}


def test_a_domain_that_is_not_a_domain_is_told_beside_the_field_keeping_what_was_typed(
    admin_client, agency
):
    response = admin_client.post(
        reverse("administration:details"),
        {"kind": agency.kind, "statutory": "yes", "secure_email_domains": "nhs.net\nnot a domain"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "is not a domain" in text
    assert "nhs.net" in text
    assert Agency.objects.get(pk=agency.pk).secure_email_domains == agency.secure_email_domains


def test_the_details_page_changes_only_the_administrators_own_agency(
    admin_client, agency, other_agency
):
    before = Agency.objects.get(pk=other_agency.pk)
    admin_client.post(
        reverse("administration:details"),
        {"kind": agency.kind, "statutory": "no", "secure_email_domains": "example.org"},
    )
    after = Agency.objects.get(pk=other_agency.pk)
    assert (after.statutory, after.secure_email_domains) == (
        before.statutory,
        before.secure_email_domains,
    )
