"""Notifications: in the service (a count in the header, a list) and by e-mail, which
carries no personal data about the child: only that there is something to look at."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Kind, Notification
from notifications.services import notification_send
from records import emergency_services
from review import services
from tests.factories.agencies import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_email(practitioner, lead_officer):
    for person, address in ((practitioner, "sam@example.org"), (lead_officer, "alex@example.org")):
        person.email = address
        person.save()


def _everything_said(message) -> str:
    return " ".join([message.subject, message.body, *message.to])


def test_every_email_says_only_that_there_is_something_to_look_at(
    decision, lead_officer, practitioner, agency, with_email, django_capture_on_commit_callbacks
):
    case = decision.case
    comments = "Explain why Amelia's refusal outweighs the harm"
    with django_capture_on_commit_callbacks(execute=True):
        services.review_return(actor=lead_officer, decision=decision, version=0, comments=comments)
    with django_capture_on_commit_callbacks(execute=True):
        emergency_services.emergency_access_grant(
            actor=member(agency), case=case, reason="covering", details="Covering for Sam"
        )
    assert [m.to for m in mail.outbox] == [["sam@example.org"], ["alex@example.org"]]
    for message in mail.outbox:
        said = _everything_said(message)
        for personal in (case.child_name, *case.child_name.split(), case.reference, comments):
            assert personal not in said
        assert f"{decision.pk}" not in message.subject
        assert "There is something for you to look at" in message.body
        notification = Notification.objects.get(recipient__email=message.to[0])
        assert f"http://127.0.0.1:8000/notifications/{notification.pk}/" in message.body


def test_no_email_goes_before_the_change_is_committed(
    decision, lead_officer, with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.review_return(actor=lead_officer, decision=decision, version=0, comments="x")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_someone_without_an_address_is_told_in_the_service_only(
    practitioner, lead_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            actor=lead_officer, recipient=practitioner, kind=Kind.DECISION_RETURNED, url="/"
        )
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=practitioner).count() == 1
    event = AuditEvent.objects.get(action="notification.sent")
    assert event.payload == {
        "recipient_id": practitioner.pk,
        "kind": "decision_returned",
        "by_email": False,
    }


def test_the_header_counts_unread_and_opening_one_marks_it_read(client, practitioner, lead_officer):
    with_url = notification_send(
        actor=lead_officer, recipient=practitioner, kind=Kind.DECISION_RETURNED, url="/cases/"
    )
    notification_send(
        actor=lead_officer, recipient=practitioner, kind=Kind.DECISION_RETURNED, url="/"
    )
    client.force_login(practitioner)
    assert client.get(reverse("notifications:list")).context["unread_notifications"] == 2
    response = client.get(reverse("notifications:open", args=[with_url.pk]))
    assert response["Location"] == "/cases/"
    with_url.refresh_from_db()
    assert with_url.read_at is not None
    assert client.get(reverse("home")).context["unread_notifications"] == 1
    client.post(reverse("notifications:list"))
    assert client.get(reverse("home")).context["unread_notifications"] == 0


def test_someone_elses_notification_is_a_missing_page_and_logged(
    client, practitioner, lead_officer, agency
):
    theirs = notification_send(
        actor=lead_officer, recipient=practitioner, kind=Kind.DECISION_RETURNED, url="/"
    )
    nosy = member(agency)
    client.force_login(nosy)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEvent.objects.filter(action="access.refused", actor_id=nosy.pk).exists()


def test_a_notification_only_leads_inside_the_service(client, practitioner, lead_officer):
    odd = notification_send(
        actor=lead_officer,
        recipient=practitioner,
        kind=Kind.DECISION_RETURNED,
        url="https://elsewhere.example/",
    )
    client.force_login(practitioner)
    assert client.get(reverse("notifications:open", args=[odd.pk]))["Location"] == reverse(
        "notifications:list"
    )
