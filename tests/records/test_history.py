"""The auditor's per-case history: every event, in every format, and who may see it."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from agencies.models import Role
from audit.models import AuditEvent
from consent import services as consent_services
from records import exports, history, services
from sharing import services as sharing_services
from tests.factories.agencies import AgencyFactory, member
from tests.factories.sharing import Q1_PURPOSE, Q2_IDENTIFIABLE, Q3_CONFIDENTIAL, Q5_NO_DUTY, q6, q7
from tests.pdf_ua import structure_tags

pytestmark = pytest.mark.django_db

REASONS = "=HYPERLINK(risk) Baby severely failing to thrive; parents refused consent"


@pytest.fixture
def busy_case(case, lead_officer, practitioner, other_agency, auditor):
    """A case with every kind of event the service writes today."""
    services.case_allocate(actor=lead_officer, case=case, user=practitioner)
    services.record_view(actor=practitioner, object_type="case", object_id=case.pk, case=case)
    refusal = consent_services.consent_record(
        actor=practitioner,
        case=case,
        giver_role="parent_with_pr",
        giver_name="Karen Clarke",
        form="explicit_verbal",
        verbal_details="Refused on the phone",
        outcome="refused",
        obtained_on=datetime.date.today(),
    )
    given = consent_services.consent_record(
        actor=practitioner,
        case=case,
        giver_role="child",
        giver_name="Amelia Clarke",
        competent=True,
        capacity_criteria_met=["understands_question"],
        form="explicit_verbal",
        verbal_details="Agreed",
        outcome="given",
        obtained_on=datetime.date.today(),
        told=["what_collected"],
        scope_purposes=["health_care"],
        scope_agencies=[other_agency],
    )
    consent_services.consent_withdraw(
        actor=practitioner,
        consent=given,
        withdrawn_on=datetime.date.today(),
        notes="Changed her mind",
    )
    decision = _decide(
        practitioner, case, other_agency, given=given, refusal=refusal, outcome="share"
    )
    sharing_services.decision_amend(
        actor=practitioner, decision=decision, reason="Wrong date of sharing"
    )
    outsider = member(other_agency, Role.PRACTITIONER)
    from records.access import refuse

    refuse(
        outsider, object_type="case", object_id=case.pk, agency_id=case.agency_id, case_id=case.pk
    )
    return case


def _decide(practitioner, case, other_agency, *, given, refusal, outcome, reasons=REASONS):
    """A request from the police, answered through the eight questions and submitted."""
    from sharing import journey
    from sharing.forms import question_answers

    decision = sharing_services.decision_start(
        actor=practitioner,
        case=case,
        kind="request_received",
        start={
            "requester_agency_name": other_agency.name,
            "requester_name": "DC Smith",
            "request_details": "Any concerns about Amelia",
        },
    )
    context = {
        "kind": decision.kind,
        "agencies": [other_agency],
        "consents": list(given.case.consents.all()),
        "agency_kind": case.agency.kind,
    }
    pages = [
        (1, Q1_PURPOSE),
        (2, Q2_IDENTIFIABLE),
        (3, Q3_CONFIDENTIAL),
        (4, {"consent_position": "refused", "refusal_ids": [str(refusal.pk)]}),
        (5, Q5_NO_DUTY),
        (6, q6("justified")),
        (7, q7(other_agency.pk)),
        (
            8,
            {
                "decision": outcome,
                "reasons": reasons,
                "authorised_by": "Team manager",
                "discussed_with_requester": "yes",
            },
        ),
    ]
    for number, data in pages:
        answers = question_answers(number, data, context=context, earlier=decision.answers)
        for spec in journey.pages_of(number):
            mine = {key: answers[key] for key in spec.keys if key in answers}
            if mine:
                decision = sharing_services.decision_save_answer(
                    actor=practitioner,
                    decision=decision,
                    number=number,
                    page=spec.slug,
                    answers=mine,
                )
    return sharing_services.decision_submit(actor=practitioner, decision=decision)


def _build(case, user):
    return history.build(case, filters=history.Filters(), user=user)


def test_history_includes_every_kind_of_event(busy_case, auditor):
    built = _build(busy_case, auditor)
    kinds = {view.kind for view in built.views}
    assert kinds >= {
        "request",
        "decision",
        "consent",
        "disclosure",
        "amendment",
        "access",
        "case",
    } - {"request"}
    assert built.check.intact
    assert len(built.views) == AuditEvent.objects.filter(case_id=busy_case.pk).count()


def test_page_pdf_csv_and_json_each_hold_every_event_and_the_reasons(client, busy_case, auditor):
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])

    def logged():
        # Each view and export adds its own event, so take the list just before each request.
        return list(
            AuditEvent.objects.filter(case_id=busy_case.pk)
            .order_by("occurred_at", "id")
            .values_list("id", flat=True)
        )

    events = logged()
    page = client.get(url, {"access": "on"}).content.decode()
    for event_id in events:
        assert f'data-event="{event_id}"' in page
    assert "Baby severely failing to thrive" in page

    events = logged()
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(url, {"format": "csv", "access": "on"}).content.decode("utf-8-sig")
            )
        )
    )
    assert [int(row["event_id"]) for row in rows] == events
    assert list(rows[0]) == list(exports.CSV_COLUMNS)
    assert any("Baby severely failing to thrive" in row["details"] for row in rows)

    events = logged()
    document = json.loads(client.get(url, {"format": "json", "access": "on"}).content)
    assert [event["id"] for event in document["events"]] == events
    assert document["verification"]["intact"] is True
    assert any(
        "Baby severely failing to thrive" in json.dumps(e["details"]) for e in document["events"]
    )

    events = logged()
    pdf = client.get(url, {"format": "pdf", "access": "on"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    for event_id in events:
        assert f"event {event_id} " in flat
    assert "Baby severely failing to thrive" in flat
    assert "Page 1 of" in flat


def test_csv_cells_that_would_run_as_formulas_are_neutralised(busy_case, auditor):
    hostile = member(
        AgencyFactory(name='=HYPERLINK("http://evil.example")'),
        Role.PRACTITIONER,
        user__username="@SUM(A1)",
    )
    services.record_view(actor=hostile, object_type="case", object_id=busy_case.pk, case=busy_case)
    text = exports.csv_text(_build(busy_case, auditor))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert not [cell for row in rows for cell in row.values() if cell[:1] in ("=", "+", "-", "@")]
    last = rows[-1]
    assert last["actor"] == "'@SUM(A1)"
    assert last["actor_agency"] == '\'=HYPERLINK("http://evil.example")'
    assert exports.safe_cell("=1+1") == "'=1+1"
    assert exports.safe_cell("+44 20") == "'+44 20"
    assert exports.safe_cell("-2") == "'-2"
    assert exports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.safe_cell("plain") == "plain"


def test_each_export_leaves_an_event_naming_its_format(client, busy_case, auditor):
    client.force_login(auditor)
    for fmt in ("csv", "json", "pdf"):
        client.get(reverse("records:case_history", args=[busy_case.pk]), {"format": fmt})
    formats = list(
        AuditEvent.objects.filter(action="history.exported").values_list(
            "payload__format", flat=True
        )
    )
    assert formats == ["csv", "json", "pdf"]


def test_viewing_the_history_is_itself_logged(client, busy_case, lead_officer):
    client.force_login(lead_officer)
    client.get(reverse("records:case_history", args=[busy_case.pk]))
    assert AuditEvent.objects.filter(action="history.viewed", case_id=busy_case.pk).exists()


def test_practitioner_cannot_see_or_export_the_history(client, busy_case, practitioner):
    client.force_login(practitioner)
    url = reverse("records:case_history", args=[busy_case.pk])
    assert client.get(url).status_code == 403
    assert client.get(url, {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="history.exported").exists()


def test_auditor_without_the_agency_in_scope_gets_404(client, busy_case, other_agency):
    outsider = member(other_agency, Role.AUDITOR, audit_scope=[other_agency])
    client.force_login(outsider)
    assert (
        client.get(
            reverse("records:case_history", args=[busy_case.pk]), {"format": "pdf"}
        ).status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="access.refused", actor_id=outsider.pk).exists()


def test_filters_by_kind_and_date(client, busy_case, auditor):
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    consents = client.get(url, {"kind": "consent", "format": "json"})
    kinds = {event["kind"] for event in json.loads(consents.content)["events"]}
    assert kinds == {"consent"}
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    future = client.get(
        url,
        {
            "date_from_0": tomorrow.day,
            "date_from_1": tomorrow.month,
            "date_from_2": tomorrow.year,
            "format": "json",
        },
    )
    assert json.loads(future.content)["events"] == []
    bad = client.get(url, {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"})
    assert bad.status_code == 200
    assert "From date must be a real date" in bad.content.decode()


def test_export_command_writes_the_same_content(busy_case, auditor, tmp_path):
    for fmt in ("csv", "json", "pdf"):
        target = tmp_path / f"history.{fmt}"
        call_command(
            "export_case_history", str(busy_case.pk), "--format", fmt, "--output", str(target)
        )
        assert target.stat().st_size > 0
    document = json.loads((tmp_path / "history.json").read_text())
    assert len(document["events"]) >= AuditEvent.objects.filter(case_id=busy_case.pk).count() - 3
    assert document["exported_by"] == "system"
    assert (
        AuditEvent.objects.filter(action="history.exported", payload__via="command line").count()
        == 3
    )


def test_a_tampered_case_event_shows_as_broken_in_the_export(busy_case, auditor):
    from tests.conftest import guards_off

    target = AuditEvent.objects.filter(case_id=busy_case.pk, action="decision.submitted").get()
    with guards_off() as cursor:
        cursor.execute("UPDATE audit_event SET payload = '{}' WHERE id = %s", [target.pk])
    built = _build(busy_case, auditor)
    assert not built.check.intact
    assert f"event {target.pk} does not match its hash" in built.check.summary
    assert json.loads(exports.json_text(built))["verification"]["intact"] is False


def test_a_view_of_a_consent_record_reads_as_a_view_in_the_access_group_not_a_new_consent(
    client, allocated_case, practitioner, auditor
):
    """Bug: every consent.* event was titled "Consent recorded: ..." so a view read
    "Consent recorded: , " on the page and in every export."""
    case = allocated_case
    consent = consent_services.consent_record(
        actor=practitioner,
        case=case,
        giver_role="parent_with_pr",
        giver_name="Karen Clarke",
        form="explicit_verbal",
        verbal_details="Agreed on the phone",
        outcome="given",
        obtained_on=datetime.date.today(),
    )
    services.record_view(actor=practitioner, object_type="consent", object_id=consent.pk, case=case)
    views = {view.event.action: view for view in _build(case, auditor).views}
    viewed = views["consent.viewed"]
    assert viewed.title == "Consent record viewed"
    assert viewed.kind == "access"
    assert views["consent.recorded"].title == "Consent recorded: consent given, Karen Clarke"
    assert views["consent.recorded"].kind == "consent"

    client.force_login(auditor)
    url = reverse("records:case_history", args=[case.pk])
    for fmt in ("csv", "json"):
        body = client.get(url, {"format": fmt, "access": "on"}).content.decode("utf-8-sig")
        assert "Consent record viewed" in body
        assert "Consent recorded: , " not in body


def _visible_text(html: str) -> str:
    """What a reader sees of a page: its text, without tags, attributes or scripts."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_the_page_leads_with_disclosures_then_decisions_not_to_share_and_access_comes_last_off_by_default(  # noqa: E501
    client, busy_case, auditor
):
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    page = client.get(url).content.decode()
    text = _visible_text(page)
    assert (
        text.index("What was shared")
        < text.index("Decisions not to share")
        < text.index("The full record of events")
    )
    # The refused attempt and the views are left out by default, and the page says so.
    assert 'data-kind="access"' not in page
    assert "access events (views, downloads and refused attempts) are not shown" in text
    assert 'data-kind="disclosure"' in page

    shown = client.get(url, {"access": "on"}).content.decode()
    kinds = [chunk.split('"', 1)[0] for chunk in shown.split('data-kind="')[1:]]
    assert kinds[-1] == "access"
    assert kinds[0] == "disclosure"
    # Choosing Access as a kind shows it too.
    only = client.get(url, {"kind": "access"}).content.decode()
    assert 'data-kind="access"' in only
    assert 'data-kind="decision"' not in only


def test_the_summary_counts_disclosures_and_decisions_not_events(
    client, busy_case, auditor, practitioner, other_agency
):
    refusal = busy_case.consents.get(outcome="refused")
    given = refusal  # only its case is read
    _decide(
        practitioner,
        busy_case,
        other_agency,
        given=given,
        refusal=refusal,
        outcome="do_not_share",
        reasons="The police already hold this; nothing new to add",
    )
    built = _build(busy_case, auditor)
    [disclosure] = built.summary.disclosures
    assert disclosure.from_agency == busy_case.agency.name
    assert disclosure.to_agency == other_agency.name
    assert disclosure.consent_position == "Consent was refused"
    assert disclosure.legal_basis
    assert "_" not in disclosure.legal_basis
    assert disclosure.what
    assert disclosure.person_told == "They will be told"
    assert practitioner.get_full_name() in disclosure.decided_by
    assert "Practitioner" in disclosure.decided_by
    [refused] = built.summary.not_shared
    assert refused.reasons == "The police already hold this; nothing new to add"
    assert refused.asked_by == f"DC Smith, {other_agency.name}"

    client.force_login(auditor)
    page = client.get(reverse("records:case_history", args=[busy_case.pk])).content.decode()
    text = _visible_text(page)
    assert "What was shared 1 disclosure " in text
    assert "Decisions not to share 1 decision " in text
    assert "2 decisions," in text  # the decisions group counts decisions as well as events


def test_times_on_the_page_are_uk_local_with_the_zone_named(client, busy_case, auditor):
    client.force_login(auditor)
    text = _visible_text(
        client.get(reverse("records:case_history", args=[busy_case.pk])).content.decode()
    )
    import re

    assert re.search(r"\d{1,2} \w+ \d{4} at \d\d:\d\d (GMT|BST)", text)
    assert "+00:00" not in text


def test_no_catalogue_code_username_or_internal_id_appears_on_the_page(
    client, busy_case, auditor, lead_officer, practitioner
):
    """People by name and role, agencies by name: a scan of everything a reader sees."""
    from consent import catalogues as consent_cat
    from sharing import catalogues as sharing_cat

    codes = set()
    for module in (sharing_cat, consent_cat):
        for name in dir(module):
            entries = getattr(module, name)
            if isinstance(entries, tuple) and entries and hasattr(entries[0], "code"):
                codes |= {e.code for e in entries if "_" in e.code}
    codes |= {"lead_officer", "parent_carer", "agency_admin"}
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    text = _visible_text(client.get(url, {"access": "on"}).content.decode())
    found = sorted(code for code in codes if code in text)
    assert found == []
    for person in (lead_officer, practitioner):
        assert person.get_full_name() in text
    assert "lead.officer" not in text
    assert "agency:" not in text
    assert "User id" not in text


def test_the_history_pages_queries_do_not_grow_with_its_events(
    client, busy_case, auditor, practitioner, django_assert_num_queries
):
    """People are named in one query and the summary reads the loaded events: more events
    (and more people) cost no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    client.get(url)  # the session and the first-visit work out of the way
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"access": "on"})
    assert len(before.captured_queries) == 19  # pinned: session, checks, case, events, people
    for _ in range(30):
        services.record_view(
            actor=member(busy_case.agency, Role.PRACTITIONER),
            object_type="case",
            object_id=busy_case.pk,
            case=busy_case,
        )
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url, {"access": "on"})


def test_downloads_are_named_from_the_agencys_case_reference_and_the_date(
    client, busy_case, auditor
):
    busy_case.reference = "NS/2026 042"
    busy_case.save()
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    today = datetime.date.today().isoformat()
    for fmt in ("csv", "json"):
        disposition = client.get(url, {"format": fmt})["Content-Disposition"]
        assert f'filename="NS-2026-042-history-{today}-' in disposition
        assert f"case-{busy_case.pk}" not in disposition


def test_the_json_names_people_and_agencies_states_its_schema_version_and_summary(
    client, busy_case, auditor, practitioner, other_agency
):
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    document = json.loads(client.get(url, {"format": "json", "access": "on"}).content)
    assert document["schema_version"] == exports.SCHEMA_VERSION == 2
    assert document["$schema"].endswith("/v2")
    actors = {e["actor"]["id"]: e["actor"] for e in document["events"] if e["actor"]["id"]}
    assert practitioner.get_full_name() in actors[practitioner.pk]["name"]
    assert "Practitioner" in actors[practitioner.pk]["name"]
    [disclosure] = document["summary"]["disclosures"]
    assert disclosure["to_agency"] == other_agency.name
    assert disclosure["codes"]["consent_status"] == "refused"
    assert document["filters"]["include_access"] is True


def test_the_pdf_is_tagged_pdf_ua_1_with_headings_and_table_headers(client, busy_case, auditor):
    """Issue 13: the PDF is tagged and PDF/UA-1, so a screen reader can read it: its
    headings and its tables' header cells are in the structure tree."""
    client.force_login(auditor)
    pdf = client.get(reverse("records:case_history", args=[busy_case.pk]), {"format": "pdf"})
    tags = structure_tags(pdf.content)
    assert tags["/H1"] == 1
    assert tags["/H2"] >= 1
    assert tags["/P"] >= 1
    assert tags["/TH"] >= 1


def test_the_pdf_opens_with_a_title_page_then_the_disclosures_then_the_full_record(
    client, busy_case, auditor
):
    """Issue 13: a title page saying what the document is, for whom, by whom and when, with
    the chain check in words (no command to run); the disclosure summary comes before the
    full event record."""
    client.force_login(auditor)
    pdf = client.get(reverse("records:case_history", args=[busy_case.pk]), {"format": "pdf"})
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages]
    title = " ".join(pages[0].split())
    assert f"Disclosure history of {busy_case.child_name}" in title
    assert f"Prepared for {auditor.get_full_name()}" in title
    assert "Prepared by Record an information-sharing decision" in title
    assert re.search(
        rf"checked against {re.escape(busy_case.agency.name)}'s audit log on "
        r"\d{1,2} \w+ 20\d\d at \d\d:\d\d: intact",
        title,
    ), title
    flat = " ".join(" ".join(pages).split())
    assert "manage.py" not in flat
    assert "verify_audit" not in flat
    assert flat.index("What was shared") < flat.index("Decisions not to share")
    assert flat.index("Decisions not to share") < flat.index("The full record of events")
    assert "Page 1 of" in flat
