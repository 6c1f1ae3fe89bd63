"""Two lead officers acting on one decision at once: exactly one wins, and the other is told
what happened and keeps everything they typed (docs/adr/0023)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from review import services
from review.models import Review, ReviewAction, State
from tests.factories.agencies import AgencyFactory, member
from tests.factories.records import CaseFactory, allocate
from tests.factories.review import flagged_decision


def test_the_officer_who_acts_second_is_told_and_keeps_their_words(
    client, decision, lead_officer, second_lead, db
):
    """Both opened the page at version 0; the deputy countersigns first."""
    client.force_login(lead_officer)
    url = reverse("review:return", args=[decision.pk])
    assert client.get(url).context["form"]["version"].value() == 0
    services.review_countersign(actor=second_lead, decision=decision, version=0, reasons="Fine")

    comments = "Please say why the young person's refusal outweighs the risk of harm."
    response = client.post(url, {"version": "0", "comments": comments})
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{second_lead.get_full_name()} countersigned this decision at" in body
    assert "Nothing you wrote has been recorded" in body
    assert "the young person&#x27;s refusal outweighs the risk of harm." in body  # kept as typed
    assert response.context["form"]["version"].value() == "1"  # what they have now been shown
    review = Review.objects.get(decision=decision)
    assert (review.state, review.version) == (State.COUNTERSIGNED, 1)
    assert not AuditEvent.objects.filter(action="review.returned").exists()


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_the_same_moment_exactly_one_wins():
    """Real concurrency: two connections, released together by a barrier; the row lock
    makes the second wait, then its version is stale."""
    agency = AgencyFactory(name="Northshire Children's Social Care")
    practitioner = member(agency)
    first, second = member(agency, "lead_officer"), member(agency, "lead_officer")
    case = CaseFactory(agency=agency, created_by=first)
    allocate(case, practitioner)
    decision = flagged_decision(case, practitioner, {"csc": agency})
    barrier, outcomes = threading.Barrier(2), {}

    def act(name, officer, action):
        try:
            barrier.wait()
            action(officer)
            outcomes[name] = "won"
        except services.ReviewConflict as conflict:
            outcomes[name] = conflict.messages[0]
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act,
            args=(
                "countersign",
                first,
                lambda o: services.review_countersign(
                    actor=o, decision=decision, version=0, reasons="Agreed"
                ),
            ),
        ),
        threading.Thread(
            target=act,
            args=(
                "return",
                second,
                lambda o: services.review_return(
                    actor=o, decision=decision, version=0, comments="Needs more"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["countersign", "return"]
    assert list(outcomes.values()).count("won") == 1
    loser = next(v for v in outcomes.values() if v != "won")
    assert "while you were writing" in loser
    assert ReviewAction.objects.filter(review__decision=decision).count() == 1
    assert (
        AuditEvent.objects.filter(action__in=["review.countersigned", "review.returned"]).count()
        == 1
    )
    assert Review.objects.get(decision=decision).version == 1
