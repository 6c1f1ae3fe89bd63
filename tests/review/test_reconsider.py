"""A decision not to share is reconsidered, with the requester's new information, as a new
decision linked to the old (P rule 7 (2024))."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from review.models import Reconsideration
from review.reconsider import decision_reconsider
from sharing.models import Decision
from tests.factories.sharing import submitted_decision

pytestmark = pytest.mark.django_db


def test_reconsidering_starts_a_new_decision_linked_to_the_old(client, decision, practitioner):
    client.force_login(practitioner)
    url = reverse("review:reconsider", args=[decision.pk])
    assert "Enter the new information" in client.post(url, {}).content.decode()
    response = client.post(url, {"new_information": "Police now hold a witness statement"})
    new = Decision.objects.latest("id")
    assert response["Location"] == reverse("sharing:question", args=[new.pk, 1])
    assert new.is_draft
    assert (new.case_id, new.kind) == (decision.case_id, decision.kind)
    link = Reconsideration.objects.get(decision=new)
    assert link.original == decision
    event = AuditEvent.objects.get(action="review.reconsideration_started")
    assert event.payload == {"reconsiders": decision.pk, "new_information": link.new_information}
    decision.refresh_from_db()
    assert decision.outcome == "do_not_share"  # the old record stands
    old_page = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert f'Reconsidered as <a class="govuk-link" href="/decisions/{new.pk}/">' in old_page
    new_page = client.get(reverse("sharing:decision_detail", args=[new.pk])).content.decode()
    assert (
        f'href="/decisions/{decision.pk}/">decision {decision.pk}</a>, a decision not to share'
        in new_page
    )


def test_only_a_decision_not_to_share_is_reconsidered(client, allocated_case, practitioner):
    shared = submitted_decision(allocated_case, practitioner, outcome="share")
    with pytest.raises(ValidationError):
        decision_reconsider(actor=practitioner, decision=shared, new_information="New facts")
    client.force_login(practitioner)
    assert client.get(reverse("review:reconsider", args=[shared.pk])).status_code == 403
