"""Lead officers, auditors, agency administrators and superusers sign in with a second
factor; a session without a verified device reaches none of their pages. Practitioners may
set one up, and an agency may ask it of everyone."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.browser.helpers import current_code
from tests.conftest import verified_device
from tests.factories.agencies import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, user, next_url="/cases/"):
    return client.post(
        reverse("login") + f"?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("lead_officer", "/review/"),
        ("auditor", "/review/"),
        ("lead_officer", "/cases/"),
        ("agency_admin", "/accounts/lockouts/"),
    ],
)
def test_a_privileged_session_without_a_verified_device_is_refused_every_page(
    request, client, role, page
):
    user = request.getfixturevalue(role)
    verified_device(user)
    client.force_login(user, verify_device=False)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/two-factor/?next={page.replace('/', '%2F')}"
    assert client.post(page, {}).status_code == 302


def test_the_auditors_history_and_exports_need_a_verified_device(client, auditor, case):
    client.force_login(auditor, verify_device=False)
    url = reverse("records:case_history", args=[case.pk]) + "?format=csv"
    response = client.get(url)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="history.exported").exists()


def test_the_admin_is_for_superusers_with_a_verified_device(client, admin_user):
    client.force_login(admin_user, verify_device=False)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_staff_who_are_not_superusers_do_not_get_the_admin(client, lead_officer):
    lead_officer.is_staff = True
    lead_officer.save()
    client.force_login(lead_officer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_signing_in_asks_for_the_code_and_a_right_code_verifies_the_session(client, lead_officer):
    device = verified_device(lead_officer)
    response = _sign_in(client, lead_officer, "/review/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Freview%2F"
    wrong = client.post(response["Location"], {"code": "000000", "next": "/review/"})
    assert "The code is wrong" in wrong.content.decode()
    time.sleep(1.1)  # after a wrong code, django-otp makes the next try wait a second
    right = client.post("/accounts/two-factor/", {"code": current_code(device), "next": "/review/"})
    assert right["Location"] == "/review/"
    assert client.get("/review/").status_code == 200
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions[-2:] == ["auth.second_factor_failed", "auth.second_factor_verified"]


def test_a_code_is_accepted_once(client, lead_officer):
    device = verified_device(lead_officer)
    code = current_code(device)
    _sign_in(client, lead_officer)
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
    client.post(reverse("logout"))
    other = type(client)()
    _sign_in(other, lead_officer)
    assert (
        "The code is wrong" in other.post("/accounts/two-factor/", {"code": code}).content.decode()
    )


def test_a_privileged_person_without_a_device_sets_one_up_by_qr_code_and_gets_backup_codes(
    client, auditor
):
    response = _sign_in(client, auditor, "/review/")
    assert response["Location"] == "/accounts/two-factor/set-up/?next=%2Freview%2F"
    page = client.get(response["Location"])
    assert b"<svg" in page.content
    pending = TOTPDevice.objects.get(user=auditor, confirmed=False)
    done = client.post(
        "/accounts/two-factor/set-up/", {"code": current_code(pending), "next": "/review/"}
    )
    assert done["Location"] == "/accounts/two-factor/backup-codes/?next=%2Freview%2F"
    codes_page = client.get(done["Location"]).content.decode()
    codes = list(StaticDevice.objects.get(user=auditor).token_set.values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    assert codes[0] not in client.get(done["Location"]).content.decode()  # shown once
    assert client.get("/review/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.second_factor_enrolled").exists()


def test_a_backup_code_signs_in_once(client, lead_officer):
    verified_device(lead_officer)
    device = StaticDevice.objects.create(user=lead_officer, name="Backup codes")
    device.token_set.create(token="abcd1234")
    _sign_in(client, lead_officer)
    assert client.post("/accounts/two-factor/", {"code": "ABCD 1234"}).status_code == 302
    client.post(reverse("logout"))
    _sign_in(client, lead_officer)
    assert client.post("/accounts/two-factor/", {"code": "abcd1234"}).status_code == 200


def test_practitioners_sign_in_without_a_second_factor_unless_they_set_one_up(client, practitioner):
    assert _sign_in(client, practitioner)["Location"] == "/cases/"
    client.post(reverse("logout"))
    verified_device(practitioner)
    assert _sign_in(client, practitioner)["Location"].startswith("/accounts/two-factor/")


def test_an_agency_can_ask_a_second_factor_of_every_member(client, practitioner, agency):
    agency.two_factor_for_everyone = True
    agency.save()
    user = get_user_model().objects.get(pk=practitioner.pk)
    assert _sign_in(client, user)["Location"].startswith("/accounts/two-factor/set-up/")
    assert client.get("/cases/").status_code == 302
