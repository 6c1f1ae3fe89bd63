"""Every route the project defines is classified here, so a new route cannot slip through.

- anonymous visitors are sent to sign in (except the public routes listed);
- for every route that takes an object id, users of another agency get 404 on GET and
  POST, exactly like a missing page.

A route whose parameters this module cannot fill makes the test fail: add the parameter
to OBJECT_PARAMS (with an object owned by the home agency) when you add the route.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies.models import Role
from notifications.models import Kind, Notification
from records.models import EmergencyAccess
from review.models import Escalation, Review
from sharing.models import Decision, FollowUp
from tests.factories.agencies import AgencyFactory, member
from tests.factories.exchange import exchange_world
from tests.factories.records import CaseFactory, ConnectedPersonFactory, allocate
from tests.factories.sharing import TODAY, consent_given

PUBLIC_ROUTES = {"login", "invitation"}
# Django's admin is for superusers; it has its own staff login and is not scoped by agency.
EXCLUDED_PREFIXES = ("admin/",)


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    params: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            routes += _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            params = tuple(entry.pattern.converters) + tuple(
                getattr(entry.pattern, "regex").groupindex  # noqa: B009
                if not entry.pattern.converters
                else ()
            )
            routes.append(Route(pattern, name, tuple(dict.fromkeys(params))))
    return routes


ALL_ROUTES = [
    route
    for route in _walk(get_resolver().url_patterns)
    if not route.pattern.startswith(EXCLUDED_PREFIXES)
]


class World:
    """One agency's objects, one of each kind a route can name."""

    def __init__(self, agency: Any) -> None:
        lead = member(agency, Role.LEAD_OFFICER)
        practitioner = member(agency, Role.PRACTITIONER)
        self.member = practitioner
        self.lead = lead
        self.case = CaseFactory(agency=agency, created_by=lead)
        self.person = ConnectedPersonFactory(case=self.case)
        self.allocation = allocate(self.case, practitioner)
        self.consent = consent_given(self.case, agencies=[agency], recorded_by=practitioner)
        self.decision = Decision.objects.create(
            case=self.case, author=practitioner, kind="proactive"
        )
        self.follow_up = FollowUp.objects.create(
            decision=self.decision, kind=FollowUp.Kind.CONFIRM_IN_WRITING, due_on=TODAY
        )
        exchange_world(self, agency, lead, practitioner)
        self.emergency_access = EmergencyAccess.objects.create(
            case=self.case,
            user=member(agency, Role.PRACTITIONER),
            reason=EmergencyAccess.Reason.COVERING,
            details="Covering the duty desk",
            granted_at=self.case.created_at,
            expires_at=self.case.created_at,
        )
        # An escalation from the home agency to a third agency: the outsider is neither.
        self.escalation = Escalation.objects.create(
            decision=self.decision,
            review=Review.objects.create(decision=self.decision, agency=agency),
            from_agency=agency,
            to_agency=AgencyFactory(),
            raised_by=lead,
            summary="What they need to know",
            reasons="Our reasons",
        )
        self.notification = Notification.objects.create(
            recipient=practitioner, agency=agency, kind=Kind.DECISION_RETURNED, url="/"
        )
        # Subject access requests (issue 13b): one recorded by the agency's own auditor.
        from sar.services import sar_record

        self.sar = sar_record(
            actor=member(agency, Role.AUDITOR, audit_scope=[agency]),
            case=self.case,
            connected_person=None,
            received_on=TODAY,
            identity_check="photo_id",
        )
        self.sar_item = self.sar.items.first()
        # An invitation to a new member (issue 14): its link is for someone not signed in.
        from django.core import mail
        from django.test import TestCase

        from administration.services import member_invite

        with TestCase.captureOnCommitCallbacks(execute=True):
            member_invite(
                actor=member(agency, Role.AGENCY_ADMIN),
                first_name="New",
                last_name="Member",
                email=f"new.member.{agency.pk}@example.org",
                job_title="",
                role=Role.PRACTITIONER,
            )
        # An agreement the home agency signed (issue 14b): the outsider did not.
        from tests.factories.agreements import agreement_signed_by

        self.agreement = agreement_signed_by(agency).agreement
        link = mail.outbox[-1].body.split("/accounts/invitation/")[1]
        self.invitation_token = link.split("/")[0]
        # A history PDF prepared by the worker (issue 13), for the lead officer who asked.
        from records.models import PreparedExport

        self.prepared_export = PreparedExport.objects.create(
            case=self.case, requested_by=lead, expires_at=self.case.created_at
        )


# How to fill each URL parameter from the home agency's objects.
OBJECT_PARAMS = {
    "case_id": lambda world: world.case.pk,
    "allocation_id": lambda world: world.allocation.pk,
    "consent_id": lambda world: world.consent.pk,
    "decision_id": lambda world: world.decision.pk,
    "follow_up_id": lambda world: world.follow_up.pk,
    "emergency_access_id": lambda world: world.emergency_access.pk,
    "escalation_id": lambda world: world.escalation.pk,
    "notification_id": lambda world: world.notification.pk,
    "number": lambda world: 1,
    "request_id": lambda world: world.information_request.pk,
    "receipt_id": lambda world: world.receipt.pk,
    "notice_id": lambda world: world.notice.pk,
    "onward_id": lambda world: world.onward.pk,
    "correction_id": lambda world: world.correction.pk,
    "user_id": lambda world: world.member.pk,
    "page": lambda world: "legal-basis",  # a page of question 1 (sharing.journey.PAGES)
    # Subject access requests (issue 13b)
    "sar_id": lambda world: world.sar.pk,
    "item_id": lambda world: world.sar_item.pk,
    "token": lambda world: world.invitation_token,
    "export_id": lambda world: world.prepared_export.pk,
    # Information-sharing agreements (issue 14b)
    "agreement_id": lambda world: world.agreement.pk,
}


def _url(route: Route, world: World) -> str:
    missing = [param for param in route.params if param not in OBJECT_PARAMS]
    assert not missing, (
        f"Route {route.pattern!r} ({route.name}) takes {missing}: add them to OBJECT_PARAMS "
        "in tests/test_access.py so the route is covered by the access tests"
    )
    assert route.name, f"Route {route.pattern!r} has no name; name it so it can be tested"
    return reverse(
        route.name, kwargs={param: OBJECT_PARAMS[param](world) for param in route.params}
    )


def test_every_route_is_known_to_this_module():
    assert ALL_ROUTES, "no routes found"
    for route in ALL_ROUTES:
        for param in route.params:
            assert param in OBJECT_PARAMS, f"{route.pattern}: unclassified parameter {param!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda r: r.name or r.pattern)
def test_anonymous_visitors_are_sent_to_sign_in(client, agency, route):
    url = _url(route, World(agency))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if route.name in PUBLIC_ROUTES:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 302, f"{method.upper()} {url}"
            assert response["Location"].startswith("/accounts/login/"), f"{method.upper()} {url}"


OBJECT_ROUTES = [route for route in ALL_ROUTES if route.params]


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.LEAD_OFFICER, Role.AUDITOR, Role.AGENCY_ADMIN]
)
def test_another_agencys_object_answers_404(client, agency, other_agency, route, role):
    url = _url(route, World(agency))
    outsider = member(
        other_agency, role, audit_scope=[other_agency] if role == Role.AUDITOR else None
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 404, f"GET {url} as {role} of another agency"
    assert client.post(url, {}).status_code == 404, f"POST {url} as {role} of another agency"
