"""A form rendered by crispy inside a template's own <form> must not print a second <form>:
browsers drop the inner tag, and its fields and buttons end up somewhere unintended."""

import re

import pytest
from django.urls import reverse

from tests.factories.sharing import submitted_decision

pytestmark = pytest.mark.django_db


def _form_tags(html: str) -> int:
    return len(re.findall(r"<form[\s>]", html))


def test_pages_with_crispy_forms_have_one_form_each(
    client, allocated_case, practitioner, lead_officer
):
    decision = submitted_decision(allocated_case, practitioner)
    assert _form_tags(client.get(reverse("login")).content.decode()) == 1
    client.force_login(lead_officer)
    for url in (
        reverse("records:case_create"),
        reverse("records:person_add", args=[allocated_case.pk]),
    ):
        body = client.get(url).content.decode()
        # The page's form, the header's sign-out form and the timeout warning's.
        assert _form_tags(body) == 3, url
    client.force_login(practitioner)
    body = client.get(reverse("sharing:amend", args=[decision.pk])).content.decode()
    assert _form_tags(body) == 3
