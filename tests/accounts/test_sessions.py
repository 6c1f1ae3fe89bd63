"""Sessions end after 30 minutes without a request or 12 hours after signing in, on the
server; signing in again returns the person to their page with what they sent kept."""

import time

import pytest
from django.urls import reverse

from accounts import sessions
from audit.models import AuditEvent
from records.models import ConnectedPerson
from tests.factories.agencies import PASSWORD

pytestmark = pytest.mark.django_db


def _age(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = int(now - ago)
    session.save()


def _sign_in(client, user, next_url):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url}
    )


def test_thirty_minutes_without_a_request_signs_the_person_out(client, practitioner):
    client.force_login(practitioner)
    _age(client, **{sessions.LAST_SEEN: 29 * 60})
    assert client.get("/cases/").status_code == 200
    _age(client, **{sessions.LAST_SEEN: 31 * 60})
    response = client.get("/cases/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cases/%3Fpage%3D2"
    event = AuditEvent.objects.filter(action="auth.signed_out").get()
    assert event.payload == {"reason": "idle_timeout"}
    assert client.get("/cases/").status_code == 302


def test_twelve_hours_after_signing_in_the_session_ends_however_busy(client, practitioner):
    client.force_login(practitioner)
    _age(client, **{sessions.SIGNED_IN_AT: 12 * 3600 + 1, sessions.LAST_SEEN: 1})
    assert client.get("/cases/").status_code == 302
    event = AuditEvent.objects.filter(action="auth.signed_out").get()
    assert event.payload == {"reason": "absolute_timeout"}


def test_each_request_renews_the_idle_limit_but_not_the_absolute_one(client, practitioner):
    client.force_login(practitioner)
    _age(client, **{sessions.SIGNED_IN_AT: 3600, sessions.LAST_SEEN: 20 * 60})
    client.get("/cases/")
    session = client.session
    assert time.time() - session[sessions.LAST_SEEN] < 5
    assert time.time() - session[sessions.SIGNED_IN_AT] >= 3600


def test_stay_signed_in_renews_the_session(client, practitioner):
    client.force_login(practitioner)
    _age(client, **{sessions.LAST_SEEN: 28 * 60})
    response = client.post(reverse("accounts:session_extend"), HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204
    assert time.time() - client.session[sessions.LAST_SEEN] < 5


def test_the_timeout_warning_is_on_every_signed_in_page(client, practitioner):
    client.force_login(practitioner)
    page = client.get("/cases/").content.decode()
    assert 'data-module="app-timeout-warning"' in page
    assert 'data-timeout="1800"' in page
    assert 'data-warning="120"' in page


def test_what_was_sent_after_a_timeout_is_saved_once_the_same_person_signs_in_again(
    client, practitioner, allocated_case
):
    url = reverse("records:person_add", args=[allocated_case.pk])
    client.force_login(practitioner)
    client.get(url)
    _age(client, **{sessions.LAST_SEEN: 45 * 60})
    answers = {
        "name": "Karen Clarke",
        "relationship": "parent_carer",
        "parental_responsibility": "yes",
    }
    response = client.post(url, answers)
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert not ConnectedPerson.objects.filter(name="Karen Clarke").exists()
    signed_in = _sign_in(client, practitioner, url)
    assert signed_in["Location"] == url
    saved = client.get(url)
    assert saved.status_code == 302
    assert ConnectedPerson.objects.filter(case=allocated_case, name="Karen Clarke").count() == 1
    assert client.get(url).status_code == 200  # kept once, not sent again


def test_what_was_kept_is_never_given_to_someone_else_signing_in_on_that_browser(
    client, practitioner, lead_officer, allocated_case
):
    url = reverse("records:person_add", args=[allocated_case.pk])
    client.force_login(practitioner)
    _age(client, **{sessions.LAST_SEEN: 45 * 60})
    client.post(
        url,
        {"name": "Karen Clarke", "relationship": "parent_carer", "parental_responsibility": "yes"},
    )
    lead_officer.totpdevice_set.create(name="app", confirmed=True)
    client.force_login(lead_officer)
    assert client.get(url).status_code == 200
    assert not ConnectedPerson.objects.filter(name="Karen Clarke").exists()


def test_an_answer_sent_after_a_timeout_reaches_the_draft_once_signed_in_again(
    client, practitioner, allocated_case
):
    from sharing.models import Decision
    from tests.factories.sharing import Q1_PURPOSE, START_PROACTIVE

    client.force_login(practitioner)
    client.post(reverse("sharing:decision_new", args=[allocated_case.pk]), START_PROACTIVE)
    decision = Decision.objects.latest("id")
    question = reverse("sharing:question", args=[decision.pk, 1])
    _age(client, **{sessions.LAST_SEEN: 31 * 60})
    assert client.post(question, Q1_PURPOSE)["Location"] == f"/accounts/login/?next={question}"
    assert _sign_in(client, practitioner, question)["Location"] == question
    answered = client.get(question)
    assert answered.status_code == 302  # saved, and on to the next question
    decision.refresh_from_db()
    assert decision.answers["q1"]["purpose"] == Q1_PURPOSE["purpose"]
