"""400, 403, 404 and 500 pages in the service's style, with DEBUG off: no stack trace, no
settings, nothing personal."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]
TRACE_MARKS = ("Traceback", "RuntimeError", "Amelia", "2011-04-02", "settings", "SECRET")


def _plain(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
    assert "govuk-template" in body
    assert not any(mark in body for mark in TRACE_MARKS)
    return body


def test_a_failure_shows_the_service_problem_page_and_nothing_of_the_error(
    client, settings, practitioner
):
    settings.DEBUG = False
    client.force_login(practitioner)
    client.raise_request_exception = False
    body = _plain(client.get("/boom/"), 500, "Sorry, there is a problem with the service")
    assert "have not been lost" in body


def test_a_missing_page_and_another_agencys_case_look_the_same(
    client, settings, other_agency_practitioner, case
):
    settings.DEBUG = False
    client.force_login(other_agency_practitioner)
    missing = _plain(client.get("/cases/999999/"), 404, "Page not found")
    hidden = _plain(client.get(f"/cases/{case.pk}/"), 404, "Page not found")
    assert (
        missing.replace("\n", "").split("<main")[1].split("</main>")[0]
        == hidden.replace("\n", "").split("<main")[1].split("</main>")[0]
    )


def test_a_refused_action_says_so_plainly(client, settings, auditor, case):
    settings.DEBUG = False
    client.force_login(auditor)
    _plain(client.get(reverse("records:person_add", args=[case.pk])), 403, "You cannot do this")


def test_a_malformed_request_gets_the_service_page(client, settings):
    settings.DEBUG = False
    body = _plain(
        client.get("/accounts/login/?next=%00"), 400, "Sorry, there is a problem with what was sent"
    )
    assert "null character" in body
    tampered = client.get("/accounts/login/", HTTP_HOST="evil.example.org")
    _plain(tampered, 400, "Sorry, there is a problem with what was sent")
