"""Subject access requests: marking, redaction, the two-person rule and the release."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from agencies import permissions
from agencies.models import Role
from audit.models import AuditEvent
from sar import services
from sar.models import SubjectAccessRequest
from tests.factories.agencies import member
from tests.factories.records import CaseFactory, ConnectedPersonFactory
from tests.factories.sharing import TODAY, consent_given
from tests.pdf_ua import structure_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(agency):
    return member(agency, Role.AUDITOR, audit_scope=[agency])


@pytest.fixture
def checker(agency):
    return member(agency, Role.AUDITOR, audit_scope=[agency])


@pytest.fixture
def case(agency):
    lead = member(agency, Role.LEAD_OFFICER)
    case = CaseFactory(agency=agency, created_by=lead, child_name="Amelia Clarke")
    ConnectedPersonFactory(case=case, name="Sarah Clarke", notes="Mother, works nights")
    ConnectedPersonFactory(
        case=case, name="Daniel Price", notes="Mother's partner, Sarah Clarke says"
    )
    consent_given(case, agencies=[agency], recorded_by=lead)
    return case


def _record(dpo, case, name="Sarah Clarke"):
    person = case.connected_people.get(name=name)
    return services.sar_record(
        actor=dpo, case=case, connected_person=person, received_on=TODAY, identity_check="photo_id"
    )


def test_only_an_auditor_of_the_agency_who_works_there_handles_its_requests(agency, other_agency):
    """agencies.permissions.may_handle_subject_access."""
    assert permissions.may_handle_subject_access(
        member(agency, Role.AUDITOR, audit_scope=[agency]), agency.pk
    )
    assert not permissions.may_handle_subject_access(member(agency, Role.AUDITOR), agency.pk)
    assert not permissions.may_handle_subject_access(member(agency, Role.LEAD_OFFICER), agency.pk)
    outside = member(other_agency, Role.AUDITOR, audit_scope=[agency, other_agency])
    assert not permissions.may_handle_subject_access(outside, agency.pk)


def test_items_naming_a_third_party_are_marked_dpa_schedule_2_paragraph_16(dpo, case):
    sar = _record(dpo, case)
    assert sar.due_on.month != TODAY.month or sar.due_on > TODAY
    items = {item.title: item for item in sar.items.all()}
    partner = items["Details of Daniel Price"]
    assert "third_party" in partner.marks
    assert "Daniel Price" in partner.third_parties
    # The subject is never a third party to their own request; the child is, to a parent's.
    case_item = items["Case record for Amelia Clarke"]
    assert "Sarah Clarke" not in case_item.third_parties
    assert {"Amelia Clarke", "Daniel Price"} <= set(case_item.third_parties)
    assert AuditEvent.objects.filter(action="sar.recorded", object_id=str(sar.pk)).exists()


def _decide_all(actor, sar):
    for item in sar.items.all():
        if "Daniel Price" in item.text:
            services.sar_item_decide(
                actor=actor,
                item=item,
                outcome="redact",
                exemption="third_party",
                reason="He has not agreed and it would not be reasonable",
                redactions=[p for p in ("Daniel Price", "Mother's partner") if p in item.text],
            )
        else:
            services.sar_item_decide(actor=actor, item=item, outcome="release")


def test_two_person_rule_the_reviewer_cannot_check_their_own_redactions(dpo, checker, case):
    sar = _record(dpo, case)
    _decide_all(dpo, sar)
    services.sar_send_for_check(actor=dpo, sar=sar)
    assert not services.may_check(dpo, sar)
    with pytest.raises(PermissionDenied):
        services.sar_check(actor=dpo, sar=sar, agreed=True)
    with pytest.raises(ValidationError):
        services.sar_release(actor=dpo, sar=sar)  # not checked yet
    services.sar_check(actor=checker, sar=sar, agreed=True)
    assert sar.status == "checked"
    assert sar.checked_by == checker


def test_a_checker_who_marked_an_item_cannot_check_either(dpo, checker, case):
    sar = _record(dpo, case)
    _decide_all(dpo, sar)
    services.sar_item_decide(actor=checker, item=sar.items.first(), outcome="release")
    services.sar_send_for_check(actor=dpo, sar=sar)
    with pytest.raises(PermissionDenied):
        services.sar_check(actor=checker, sar=sar, agreed=True)


def test_redact_and_withhold_need_an_exemption_and_a_reason_and_words_in_the_item(dpo, case):
    sar = _record(dpo, case)
    item = sar.items.first()
    with pytest.raises(ValidationError) as error:
        services.sar_item_decide(actor=dpo, item=item, outcome="withhold")
    assert set(error.value.message_dict) == {"exemption", "reason"}
    with pytest.raises(ValidationError) as error:
        services.sar_item_decide(
            actor=dpo,
            item=item,
            outcome="redact",
            exemption="third_party",
            reason="r",
            redactions=["words that are not there"],
        )
    assert "redactions" in error.value.message_dict


def test_a_redacted_passage_is_absent_from_the_released_pdf_and_json(client, dpo, checker, case):
    sar = _record(dpo, case)
    _decide_all(dpo, sar)
    services.sar_send_for_check(actor=dpo, sar=sar)
    services.sar_check(actor=checker, sar=sar, agreed=True)
    services.sar_release(actor=checker, sar=sar)
    sar.refresh_from_db()
    client.force_login(dpo)
    pdf = client.get(reverse("sar:download_pdf", kwargs={"sar_id": sar.pk}))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    body = client.get(reverse("sar:download_json", kwargs={"sar_id": sar.pk})).content.decode()
    for released in (text, body):
        assert "Daniel Price" not in released
        assert "Mother's partner" not in released
        assert "Mother\\u2019s partner" not in released
        assert "Sarah Clarke" in released
    assert "Schedule 2, paragraph 16" in text
    data = json.loads(body)
    assert data["exemptions_applied"][0]["items"]
    # The unredacted original is kept.
    assert "Daniel Price" in json.dumps(sar.original)
    actions = set(
        AuditEvent.objects.filter(object_id=str(sar.pk), action__startswith="sar.").values_list(
            "action", flat=True
        )
    )
    assert {
        "sar.recorded",
        "sar.item_decided",
        "sar.sent_for_check",
        "sar.checked",
        "sar.released",
        "sar.downloaded",
    } <= actions


def test_extension_once_by_up_to_two_months_with_reason_and_told(dpo, case):
    sar = _record(dpo, case)
    before = sar.due_on
    services.sar_extend(actor=dpo, sar=sar, months=2, reason="Many records", told_on=TODAY)
    assert sar.due_on > before
    with pytest.raises(ValidationError):
        services.sar_extend(actor=dpo, sar=sar, months=1, reason="Again", told_on=TODAY)


def test_pages_work_through_and_keep_what_was_typed(
    client, dpo, checker, case, django_assert_num_queries
):
    client.force_login(dpo)
    url = reverse("sar:new", kwargs={"case_id": case.pk})
    response = client.post(url, {"identity_notes": "Seen at the desk", "received_on_0": "31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Seen at the desk" in page
    assert "govuk-error-summary" in page
    person = case.connected_people.get(name="Sarah Clarke")
    response = client.post(
        url,
        {
            "subject": str(person.pk),
            "received_on_0": str(TODAY.day),
            "received_on_1": str(TODAY.month),
            "received_on_2": str(TODAY.year),
            "identity_check": "photo_id",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    with django_assert_num_queries(14):
        assert client.get(reverse("sar:detail", kwargs={"sar_id": sar.pk})).status_code == 200
    assert client.get(reverse("sar:list")).status_code == 200
    item = sar.items.first()
    item_url = reverse("sar:item", kwargs={"sar_id": sar.pk, "item_id": item.pk})
    response = client.post(item_url, {"outcome": "withhold", "reason": "Typed reason"})
    assert response.status_code == 200
    assert "Typed reason" in response.content.decode()
    assert client.get(reverse("home")).status_code == 200
    client.force_login(checker)
    assert client.get(reverse("sar:check", kwargs={"sar_id": sar.pk})).status_code == 403


def test_a_withheld_item_keeps_only_its_kind_and_a_release_happens_once(dpo, checker, case):
    """A withheld item's title may name someone: only its kind is released."""
    sar = _record(dpo, case)
    for item in sar.items.all():
        outcome = "withhold" if "Daniel Price" in item.title else "release"
        services.sar_item_decide(
            actor=dpo,
            item=item,
            outcome=outcome,
            exemption="third_party" if outcome == "withhold" else "",
            reason="Not reasonable without his consent" if outcome == "withhold" else "",
        )
    services.sar_send_for_check(actor=dpo, sar=sar)
    services.sar_check(actor=checker, sar=sar, agreed=True)
    services.sar_release(actor=dpo, sar=sar)
    withheld = [i for i in sar.released_json["items"] if i["outcome"] == "Withhold it all"]
    assert withheld
    assert all(i["text"] == "" and "Daniel" not in i["title"] for i in withheld)
    with pytest.raises(ValidationError):
        services.sar_release(actor=dpo, sar=sar)


def test_subject_access_events_read_in_plain_words_in_the_case_history(dpo, checker, case):
    """No "Sar item decided" or codes ("photo_id", "third_party"): each step in words."""
    from records import history

    sar = _record(dpo, case)
    services.sar_extend(actor=dpo, sar=sar, months=2, reason="Many records", told_on=TODAY)
    _decide_all(dpo, sar)
    services.sar_send_for_check(actor=dpo, sar=sar)
    services.sar_check(actor=checker, sar=sar, agreed=True)
    services.sar_release(actor=checker, sar=sar)
    services.sar_download(actor=dpo, sar=sar, kind="pdf")
    built = history.build(case, filters=history.Filters(), user=dpo)
    views = [v for v in built.views if v.event.action.startswith("sar.")]
    titles = [v.title for v in views]
    assert "Subject access request recorded for Sarah Clarke" in titles
    assert "Time to answer extended by 2 months" in titles
    assert any(t.startswith("Item ") and t.endswith(": release in full") for t in titles)
    assert "Redactions checked and agreed by a second person" in titles
    assert "Response to the subject access request released to Sarah Clarke" in titles
    assert "Subject access response downloaded: the released PDF" in titles
    assert {v.kind for v in views} == {"sar", "access"}
    text = " ".join(f"{v.title} {v.details}" for v in views)
    for code in ("photo_id", "third_party", "item_decided", "sar."):
        assert code not in text
    assert "Photo identification seen" in text
    assert "Schedule 2, paragraph 16" in text


def test_the_released_pdf_is_tagged_pdf_ua_1(client, dpo, checker, case):
    """Issue 13: the person's own copy is as readable with a screen reader as the page."""
    sar = _record(dpo, case)
    _decide_all(dpo, sar)
    services.sar_send_for_check(actor=dpo, sar=sar)
    services.sar_check(actor=checker, sar=sar, agreed=True)
    services.sar_release(actor=checker, sar=sar)
    client.force_login(dpo)
    pdf = client.get(reverse("sar:download_pdf", kwargs={"sar_id": sar.pk}))
    tags = structure_tags(pdf.content)
    assert tags["/H1"] == 1
    assert tags["/P"] >= 1
