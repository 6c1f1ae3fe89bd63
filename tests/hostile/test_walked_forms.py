"""Hostile input on every form, found by walking the URL patterns (tests/hostile/walk.py):
a NUL byte anywhere is refused with a message, a date part too long to be a date is refused
beside its field, and the same form sent six times at once never fails."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from config.middleware import REFUSED_MESSAGE
from tests.hostile.walk import walk
from tests.test_access import World

HUGE = "2147483648"  # 2**31: past the C int datetime.date takes (OverflowError before)


def _send(client, form, data):
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, data)


@pytest.fixture
def visits(client, agency):
    found = walk(client, World(agency), agency)
    assert sum(len(v.forms) for v in found) >= 15, "the walk found too few forms"
    return found


@pytest.mark.django_db
def test_a_nul_byte_in_any_field_of_any_form_is_refused_with_a_message(client, visits):
    sent = 0
    for visit in visits:
        client.force_login(visit.user)
        for form in visit.forms:
            for name in [*form.text_fields(), *form.fields][:12]:
                data = {**form.baseline(), name: "before\x00after"}
                response = _send(client, form, data)
                where = f"{visit.role} {form.method.upper()} {form.action} {name}"
                assert response.status_code == 400, where
                assert REFUSED_MESSAGE.split(".")[0] in response.content.decode(), where
                sent += 1
    assert sent > 50


@pytest.mark.django_db
def test_a_date_part_too_long_to_be_a_date_is_refused_beside_the_field(client, visits):
    dated = 0
    for visit in visits:
        client.force_login(visit.user)
        for form in visit.forms:
            for date in form.date_fields():
                for part in ("_0", "_1", "_2"):
                    data = {**form.baseline(), f"{date}{part}": HUGE}
                    response = _send(client, form, data)
                    where = f"{visit.role} {form.action} {date}{part}"
                    assert response.status_code == 200, where
                    assert "must be a real date" in response.content.decode(), where
                dated += 1
    assert dated >= 8, "the walk should reach the date inputs of cases, consents and questions"


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_six_times_at_once_never_fails(client, visits):
    def sender(cookies):
        def send(form_and_data):
            form, data = form_and_data
            other = Client()
            other.cookies = cookies
            try:
                return _send(other, form, data).status_code
            finally:
                connection.close()

        return send

    sent = 0
    for visit in visits:
        client.force_login(visit.user)
        for form in (f for f in visit.forms if f.method == "post"):
            data = form.baseline()
            with ThreadPoolExecutor(max_workers=6) as pool:
                statuses = list(pool.map(sender(client.cookies), [(form, data)] * 6))
            assert 500 not in statuses, f"{visit.role} {form.action}: {statuses}"
            sent += 1
    assert sent >= 15
