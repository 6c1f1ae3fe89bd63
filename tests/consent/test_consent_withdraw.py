"""consent.services.consent_withdraw: consent may be withdrawn at any time, and the record
says when and how (L 4.3.22)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from consent.services import consent_withdraw
from tests.factories.sharing import consent_given

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(allocated_case, practitioner, other_agency):
    return consent_given(allocated_case, agencies=[other_agency], recorded_by=practitioner)


def test_withdrawing_consent_records_when_and_how_with_its_audit_event(consent, practitioner):
    today = timezone.localdate()
    withdrawn = consent_withdraw(
        actor=practitioner, consent=consent, withdrawn_on=today, notes="Told us by phone"
    )
    assert withdrawn.outcome == "withdrawn"
    assert withdrawn.withdrawn_on == today
    event = AuditEvent.objects.get(action="consent.withdrawn", object_id=str(consent.pk))
    assert event.payload == {"withdrawn_on": today.isoformat(), "notes": "Told us by phone"}


def test_only_consent_that_was_given_can_be_withdrawn(allocated_case, practitioner, other_agency):
    refusal = consent_given(
        allocated_case, agencies=[other_agency], recorded_by=practitioner, outcome="refused"
    )
    with pytest.raises(ValidationError, match="Only consent that was given"):
        consent_withdraw(
            actor=practitioner, consent=refusal, withdrawn_on=timezone.localdate(), notes=""
        )
    assert not AuditEvent.objects.filter(action="consent.withdrawn").exists()


def test_a_withdrawal_cannot_be_dated_in_the_future(consent, practitioner):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        consent_withdraw(actor=practitioner, consent=consent, withdrawn_on=tomorrow, notes="")
    assert "withdrawn_on" in refused.value.message_dict


def test_a_withdrawal_cannot_come_before_the_consent(consent, practitioner):
    before = consent.obtained_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        consent_withdraw(actor=practitioner, consent=consent, withdrawn_on=before, notes="")
    assert "withdrawn_on" in refused.value.message_dict


def test_someone_who_may_not_record_on_the_case_cannot_withdraw(consent, auditor):
    with pytest.raises(PermissionDenied):
        consent_withdraw(
            actor=auditor, consent=consent, withdrawn_on=timezone.localdate(), notes=""
        )
