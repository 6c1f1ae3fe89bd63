"""Hypothesis sends generated and hostile input to every form and every endpoint, as each
role: very long strings, control characters, HTML and script, SQL fragments, wrong types,
missing and duplicated fields, and another agency's ids. No answer is a 500, hostile text
never comes back unescaped, and nothing of the other agency changes.

The forms are found by walking the URL patterns (tests/hostile/walk.py), so a new form is
fuzzed without anyone adding it here. FUZZ_EXAMPLES (default 6) bounds the examples per
form and per endpoint, so the suite takes about a minute on two CPUs.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.models import ConsentRecord
from records.models import Allocation, Case, ConnectedPerson
from sharing.models import Decision, FollowUp
from tests.hostile.walk import Form, walk
from tests.test_access import ALL_ROUTES, World, _url

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SCRIPT = '<script>alert("fuzz")</script>'
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE records_case; --",
    '=HYPERLINK("http://evil.example")',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "../../etc/passwd",
    "\u202eevil\u202c",
    "😀" * 50,
    "-1",
    "0",
    "99999999999999999999999",
    "1.5e308",
    "[]",
    "null",
    "true",
    " ",
]
CONTROL = ["\x00", "a\x00b", "\x1b[31m", "\x07", "\x0b"]
MISSING = object()
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _other_ids(world: World) -> list[str]:
    return [
        str(pk)
        for pk in (
            world.case.pk,
            world.person.pk,
            world.allocation.pk,
            world.consent.pk,
            world.decision.pk,
            world.follow_up.pk,
            world.member.pk,
        )
    ]


def values(baseline: Any, other_ids: list[str]) -> st.SearchStrategy[Any]:
    single = st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(CONTROL),
        st.sampled_from(other_ids),
        st.text(max_size=40),
        st.integers(min_value=2_001, max_value=40_000).map(lambda n: "x" * n),
        st.integers().map(str),
    )
    options = [single, st.lists(single, min_size=2, max_size=3), st.just(MISSING)]
    if baseline is not None:
        options.append(st.just(baseline))
    return st.one_of(*options)


def payloads(form: Form, other_ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    baseline = form.baseline()
    names = [n for n in form.fields if n != "csrfmiddlewaretoken"]
    return st.fixed_dictionaries(
        {name: values(baseline.get(name), other_ids) for name in names}
    ).map(lambda d: {k: v for k, v in d.items() if v is not MISSING})


def _snapshot(agency: Any) -> list[Any]:
    """Everything stored about the other agency's records."""
    return [
        sorted(Case.objects.filter(agency=agency).values_list()),
        sorted(ConnectedPerson.objects.filter(case__agency=agency).values_list()),
        sorted(Allocation.objects.filter(case__agency=agency).values_list()),
        sorted(ConsentRecord.objects.filter(case__agency=agency).values_list("pk", "outcome")),
        sorted(Decision.objects.filter(case__agency=agency).values_list("pk", "status", "answers")),
        sorted(FollowUp.objects.filter(decision__case__agency=agency).values_list()),
    ]


def _check(response: Any, where: str) -> None:
    assert response.status_code < 500, where
    if "text/html" in response.get("Content-Type", ""):
        body = response.content.decode()
        assert SCRIPT not in body, f"{where}: script came back unescaped"
        assert "<img src=x onerror" not in body, f"{where}: markup came back unescaped"


def _send(client: Any, form: Form, data: dict[str, Any]) -> Any:
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["practitioner", "lead_officer", "auditor", "agency_admin"])
def test_no_form_answers_500_or_echoes_markup_or_touches_another_agency(
    client, agency, other_agency, role
):
    world, other = World(agency), World(other_agency)
    (visit,) = [v for v in walk(client, world, agency) if v.role == role]
    assert visit.forms, f"no form offered to {role}"
    before = _snapshot(other_agency)
    client.force_login(visit.user)
    for form in visit.forms:
        _fuzz_form(client, form, _other_ids(other), role)
    assert _snapshot(other_agency) == before


def _fuzz_form(client: Any, form: Form, other_ids: list[str], role: str) -> None:
    @FUZZ_SETTINGS
    @given(data=payloads(form, other_ids))
    def fuzz(data: dict[str, Any]) -> None:
        _check(_send(client, form, data), f"{role} {form.method} {form.action} {data!r:.300}")

    fuzz()


def _fuzz_endpoint(client: Any, url: str, params: Any, role: str) -> None:
    @FUZZ_SETTINGS
    @given(query=params, body=params, method=st.sampled_from(["get", "post"]))
    def fuzz(query: dict[str, Any], body: dict[str, Any], method: str) -> None:
        if method == "get":
            response = client.get(url, query)
        else:
            response = client.post(url + "?" + "&".join(f"{k}=1" for k in query), body)
        _check(response, f"{role} {method} {url} {query!r:.200} {body!r:.200}")

    fuzz()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["practitioner", "lead_officer", "auditor"])
def test_no_endpoint_answers_500_to_hostile_query_strings_and_bodies(
    client, agency, other_agency, role
):
    world, other = World(agency), World(other_agency)
    user = {"practitioner": world.member, "lead_officer": world.lead}.get(role)
    if user is None:
        from agencies.models import Role
        from tests.factories.agencies import member

        user = member(agency, Role.AUDITOR, audit_scope=[agency])
    before = _snapshot(other_agency)
    client.force_login(user)
    keys = st.sampled_from(["q", "page", "format", "kind", "next", "status", "user", "id", "x"])
    params = st.dictionaries(keys, values(None, _other_ids(other)), max_size=4).map(
        lambda d: {k: v for k, v in d.items() if v is not MISSING}
    )
    for route in ALL_ROUTES:
        if route.name in ("logout", "login"):
            continue
        _fuzz_endpoint(client, _url(route, world), params, role)
        client.force_login(user)  # a fuzzed form may have changed what the session holds
    assert _snapshot(other_agency) == before
