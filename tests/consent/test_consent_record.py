"""consent.services.consent_record: who may record consent, what it must hold, and the
audit event written with it (SPEC 5; L 4.3.10-4.3.29)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from consent.models import ConsentRecord
from consent.services import consent_record
from tests.factories.records import CaseFactory, ConnectedPersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
TOLD = ["what_collected", "purposes", "who_shared_with", "recipient_uses_including_crime"]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _verbal(**overrides):
    fields = {
        "giver_role": "parent_with_pr",
        "giver_name": "  Karen Clarke ",
        "form": "explicit_verbal",
        "verbal_details": "Agreed on the telephone",
        "outcome": "given",
        "obtained_on": TODAY,
        "told": TOLD,
        "scope_purposes": ["child_protection_enquiry"],
    }
    fields.update(overrides)
    return fields


def test_an_allocated_practitioner_records_consent_with_its_audit_event(
    allocated_case, practitioner, other_agency
):
    consent = consent_record(
        actor=practitioner, case=allocated_case, scope_agencies=[other_agency], **_verbal()
    )
    assert consent.giver_name == "Karen Clarke"
    assert list(consent.scope_agencies.all()) == [other_agency]
    event = AuditEvent.objects.get(action="consent.recorded", object_id=str(consent.pk))
    assert event.case_id == allocated_case.pk
    assert event.chain == f"agency:{allocated_case.agency_id}"
    assert event.payload["outcome"] == "given"
    assert event.payload["scope_agency_ids"] == [other_agency.pk]


def test_the_lead_officer_of_the_case_agency_records_consent(case, lead_officer):
    consent = consent_record(actor=lead_officer, case=case, **_verbal())
    assert consent.recorded_by == lead_officer


@pytest.mark.parametrize("who", ["practitioner", "auditor", "other_agency_practitioner"])
def test_those_not_allocated_to_the_case_cannot_record_consent(request, case, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        consent_record(actor=actor, case=case, **_verbal())
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.recorded").exists()


def test_a_person_connected_to_another_case_is_refused(allocated_case, practitioner, agency):
    elsewhere = ConnectedPersonFactory(case=CaseFactory(agency=agency))
    with pytest.raises(ValidationError) as refused:
        consent_record(
            actor=practitioner, case=allocated_case, connected_person=elsewhere, **_verbal()
        )
    assert "connected_person" in refused.value.message_dict


def test_explicit_written_consent_needs_its_signed_form(allocated_case, practitioner):
    with pytest.raises(ValidationError) as refused:
        consent_record(actor=practitioner, case=allocated_case, **_verbal(form="explicit_written"))
    assert "signed_form" in refused.value.message_dict


def test_a_signed_form_is_judged_by_its_content_not_its_name(allocated_case, practitioner):
    fake = SimpleUploadedFile("form.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, PNG or JPEG"):
        consent_record(
            actor=practitioner,
            case=allocated_case,
            signed_form=fake,
            **_verbal(form="explicit_written"),
        )
    real = SimpleUploadedFile("scan.bin", PDF, content_type="application/octet-stream")
    consent = consent_record(
        actor=practitioner,
        case=allocated_case,
        signed_form=real,
        **_verbal(form="explicit_written"),
    )
    assert consent.signed_form_type == "application/pdf"
    assert consent.signed_form_name == "scan.bin"
    assert "scan.bin" not in consent.signed_form.name  # the user's name never reaches the disk
