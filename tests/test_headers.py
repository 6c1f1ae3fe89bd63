"""Every response carries a strict Content Security Policy with a fresh nonce and nothing
inline; signed-in pages are never cached; the browser features we do not use are off."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";")]
    return {d[0]: d[1:] for d in directives if d}


def test_the_content_security_policy_allows_only_our_files_and_nonced_scripts(client):
    policy = _policy(client.get(reverse("login")))
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"][0] == "'self'"
    assert re.fullmatch(r"'nonce-[A-Za-z0-9+/=]{20,}'", policy["script-src"][1])
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "unsafe-inline" not in str(policy)
    assert "unsafe-eval" not in str(policy)


def test_the_one_inline_script_carries_the_nonce_of_its_own_response(client, practitioner):
    client.force_login(practitioner)
    first, second = client.get("/cases/"), client.get("/cases/")
    for response in (first, second):
        nonce = _policy(response)["script-src"][1][len("'nonce-") : -1]
        scripts = re.findall(r"<script([^>]*)>", response.content.decode())
        inline = [attrs for attrs in scripts if "src=" not in attrs]
        assert inline == [f' nonce="{nonce}"']
    assert _policy(first)["script-src"] != _policy(second)["script-src"]


def test_no_template_has_an_inline_event_handler_or_style():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    offenders = [
        str(path)
        for path in templates.rglob("*.html")
        # WeasyPrint's own templates (a history, a subject access release), rendered to
        # PDF and never served to a browser.
        if path.name not in {"history_pdf.html", "release_pdf.html"}
        and re.search(r"\son[a-z]+=|\sstyle=|<style", path.read_text())
    ]
    assert offenders == []


def test_signed_in_pages_are_never_stored_by_a_browser_or_proxy(client, practitioner, case):
    client.force_login(practitioner)
    for url in ("/cases/", reverse("accounts:password_change")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control
        assert "private" in cache_control


def test_the_case_history_export_is_never_stored_either(client, lead_officer, case):
    client.force_login(lead_officer)
    response = client.get(reverse("records:case_history", args=[case.pk]) + "?format=csv")
    assert "no-store" in response["Cache-Control"]


def test_framing_referrers_and_unused_browser_features_are_refused(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
