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
                client.get(url, {"format": "events-csv", "access": "on"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [int(row["event_id"]) for row in rows] == events
    assert any("Baby severely failing to thrive" in cell for row in rows for cell in row.values())

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
    """OWASP CSV injection: no cell of either CSV starts as a formula would."""
    hostile = member(
        AgencyFactory(name='=HYPERLINK("http://evil.example")'),
        Role.PRACTITIONER,
        user__first_name="@SUM(A1)",
        user__last_name="Jones",
    )
    services.record_view(actor=hostile, object_type="case", object_id=busy_case.pk, case=busy_case)
    built = _build(busy_case, auditor)
    rows = list(csv.DictReader(io.StringIO(exports.events_csv_text(built))))
    disclosures = list(csv.DictReader(io.StringIO(exports.disclosures_csv_text(built))))
    cells = [cell for row in rows + disclosures for cell in row.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    # The reasons (Q8) begin "=HYPERLINK(": kept, neutralised, in a detail value cell.
    assert any(cell.startswith("'=HYPERLINK(risk)") for cell in cells)
    last = rows[-1]
    assert last["Person"] == "'@SUM(A1) Jones"
    assert last["Agency"] == '\'=HYPERLINK("http://evil.example")'
    assert exports.safe_cell("=1+1") == "'=1+1"
    assert exports.safe_cell("+44 20") == "'+44 20"
    assert exports.safe_cell("-2") == "'-2"
    assert exports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.safe_cell("plain") == "plain"


def test_the_disclosures_csv_has_a_row_per_disclosure_in_words_then_its_codes(
    client, busy_case, auditor, practitioner, other_agency
):
    """Issue 13: `?format=csv` is the disclosures file: the summary's columns in words,
    the codes and ids after them."""
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    response = client.get(url, {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert tuple(header) == exports.DISCLOSURE_COLUMNS
    assert header[:10] == [
        "Date shared",
        "From agency",
        "To agency",
        "To person",
        "What was shared",
        "Legal basis",
        "Consent position",
        "Person told",
        "Why not told",
        "Decision",
    ]
    [row] = [dict(zip(header, row, strict=True)) for row in rows]
    assert row["From agency"] == busy_case.agency.name
    assert row["To agency"] == other_agency.name
    assert row["Consent position"] == "Consent was refused"
    assert row["Person told"] == "They will be told"
    assert row["What was shared"]
    assert practitioner.get_full_name() in row["Decision"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", row["Date shared"])
    assert row["consent_status"] == "refused"
    assert row["decision_url"] == f"/decisions/{row['decision_id']}/"
    assert 'filename="' in response["Content-Disposition"]
    assert "-disclosures-" in response["Content-Disposition"]


def test_the_events_csv_has_a_row_per_event_with_each_detail_in_its_own_columns(
    client, busy_case, auditor, practitioner
):
    """Issue 13: `?format=events-csv`: time, group, title, person, role, agency, then the
    details as label and value pairs, then the codes; UK local times to the second."""
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    response = client.get(url, {"format": "events-csv", "access": "on"})
    assert "-events-" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    words = len(exports.EVENT_WORD_COLUMNS)
    assert tuple(header[:words]) == ("Time", "Group", "Title", "Person", "Role", "Agency")
    assert tuple(header[-len(exports.EVENT_CODE_COLUMNS) :]) == exports.EVENT_CODE_COLUMNS
    pairs = header[words : -len(exports.EVENT_CODE_COLUMNS)]
    assert pairs[:4] == ["Detail 1 label", "Detail 1 value", "Detail 2 label", "Detail 2 value"]
    assert len(pairs) % 2 == 0
    assert all(len(row) == len(header) for row in rows)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    for record in records:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", record["Time"])
    submitted = next(r for r in records if r["action"] == "decision.submitted")
    assert submitted["Person"] == practitioner.get_full_name()
    assert submitted["Role"] == "Practitioner"
    assert submitted["Agency"] == busy_case.agency.name
    assert submitted["Group"] == "Decisions"
    assert submitted["kind"] == "decision"
    labels = [submitted[f"Detail {n} label"] for n in range(1, len(pairs) // 2 + 1)]
    values = [submitted[f"Detail {n} value"] for n in range(1, len(pairs) // 2 + 1)]
    assert "\n" not in "".join(values)  # one detail a cell, not one multi-line cell
    assert any("Baby severely failing to thrive" in value for value in values)
    assert [label for label in labels if label]  # labelled


def test_each_export_leaves_an_event_naming_its_format(client, busy_case, auditor):
    client.force_login(auditor)
    for fmt in ("csv", "events-csv", "json", "pdf"):
        client.get(reverse("records:case_history", args=[busy_case.pk]), {"format": fmt})
    formats = list(
        AuditEvent.objects.filter(action="history.exported").values_list(
            "payload__format", flat=True
        )
    )
    assert formats == ["csv", "events-csv", "json", "pdf"]


def test_viewing_the_history_is_itself_logged(client, busy_case, lead_officer):
    client.force_login(lead_officer)
    client.get(reverse("records:case_history", args=[busy_case.pk]))
    assert AuditEvent.objects.filter(action="history.viewed", case_id=busy_case.pk).exists()


def test_practitioner_cannot_see_or_export_the_history(client, busy_case, practitioner):
    client.force_login(practitioner)
    url = reverse("records:case_history", args=[busy_case.pk])
    assert client.get(url).status_code == 403
    assert client.get(url, {"format": "csv"}).status_code == 403
    assert client.get(url, {"format": "events-csv"}).status_code == 403
    assert client.get(url, {"page": "2"}).status_code == 403
    assert not AuditEvent.objects.filter(action="history.exported").exists()


def test_auditor_without_the_agency_in_scope_gets_404(client, busy_case, other_agency):
    outsider = member(other_agency, Role.AUDITOR, audit_scope=[other_agency])
    client.force_login(outsider)
    url = reverse("records:case_history", args=[busy_case.pk])
    for query in ({"format": "pdf"}, {"format": "csv"}, {"format": "events-csv"}, {"page": "2"}):
        assert client.get(url, query).status_code == 404, query
    assert not AuditEvent.objects.filter(action="history.exported").exists()
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
    for fmt in ("csv", "events-csv", "json", "pdf"):
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
        == 4
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
    for fmt in ("events-csv", "json"):
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
    assert re.search(r"\d{1,2} \w+ \d{4} at \d\d:\d\d (GMT|BST)", text)
    assert "+00:00" not in text


def _catalogue_codes() -> set[str]:
    from consent import catalogues as consent_cat
    from sharing import catalogues as sharing_cat

    codes = set()
    for module in (sharing_cat, consent_cat):
        for name in dir(module):
            entries = getattr(module, name)
            if isinstance(entries, tuple) and entries and hasattr(entries[0], "code"):
                codes |= {e.code for e in entries if "_" in e.code}
    return codes | {"lead_officer", "parent_carer", "agency_admin"}


def _assert_plain(text, where, people):
    found = sorted(code for code in _catalogue_codes() if code in text)
    assert found == [], where
    for person in people:
        assert person.get_full_name() in text, where
        assert person.username not in text, where
    assert "lead.officer" not in text, where
    assert "agency:" not in text, where
    assert "User id" not in text, where


def _word_columns(body: bytes, words: int, codes: int) -> str:
    """The columns of a CSV a person reads (its words), leaving out the code columns."""
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(header) >= words + codes
    return " ".join(" ".join(row[: len(row) - codes]) for row in rows)


def test_no_catalogue_code_username_or_internal_id_appears_on_the_page_or_in_the_files(
    client, busy_case, auditor, lead_officer, practitioner
):
    """People by name and role, agencies by name: a scan of everything a reader sees on
    the page, in the PDF's text and in the word columns of both CSVs (the code columns
    at the end of each CSV are for machines and hold the codes on purpose)."""
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    people = (lead_officer, practitioner)
    text = _visible_text(client.get(url, {"access": "on"}).content.decode())
    _assert_plain(text, "page", people)

    events = client.get(url, {"format": "events-csv", "access": "on"}).content
    _assert_plain(
        _word_columns(events, len(exports.EVENT_WORD_COLUMNS), len(exports.EVENT_CODE_COLUMNS)),
        "events CSV",
        people,
    )
    disclosures = client.get(url, {"format": "csv", "access": "on"}).content
    words = _word_columns(
        disclosures,
        len(exports.DISCLOSURE_WORD_COLUMNS),
        len(exports.DISCLOSURE_CODE_COLUMNS),
    )
    assert busy_case.agency.name in words
    found = sorted(code for code in _catalogue_codes() if code in words)
    assert found == []
    assert practitioner.username not in words

    pdf = client.get(url, {"format": "pdf", "access": "on"}).content
    pdf_text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    _assert_plain(pdf_text, "PDF", people)


def test_the_history_pages_queries_do_not_grow_with_its_events(
    client, busy_case, auditor, practitioner, django_assert_num_queries
):
    """The page reads an index of the case's events, then only the events it shows (ADR
    0040): more events (and more people) cost no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    client.get(url)  # the session and the first-visit work out of the way
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"access": "on"})
    # Pinned: the session, the user and their checks, the case; the index, the page's
    # events, the agencies, the summary's index and its events (two), the people, the
    # chain check (two), the view's audit event.
    assert len(before.captured_queries) == 23
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
    for fmt, what in (("csv", "disclosures"), ("events-csv", "events"), ("json", "history")):
        disposition = client.get(url, {"format": fmt})["Content-Disposition"]
        assert f'filename="NS-2026-042-{what}-{today}-' in disposition
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


def test_the_full_record_is_paged_100_events_at_a_time_and_the_summary_stays_whole(
    client, busy_case, auditor, django_assert_num_queries
):
    """Issue 13: a long history is paged (100 events a page, in the grouped order), the
    page links keep the filters, the summary at the top is whole on every page, and a
    page costs the same queries as the first (the pinned count)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    viewer = member(busy_case.agency, Role.PRACTITIONER)
    for _ in range(130):
        services.record_view(
            actor=viewer, object_type="case", object_id=busy_case.pk, case=busy_case
        )
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    client.get(url)  # the session and the first-visit work out of the way

    def ids(page_html):
        return [int(chunk.split('"', 1)[0]) for chunk in page_html.split('data-event="')[1:]]

    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url, {"access": "on"}).content.decode()
    with django_assert_num_queries(len(first_queries.captured_queries)):
        second = client.get(url, {"access": "on", "page": "2"}).content.decode()
    assert len(first_queries.captured_queries) == 23  # as the other page pins it

    # In the grouped order of the whole record; the last event, page 2's own view (access
    # comes last), was logged after page 2 was read.
    whole = history.build(busy_case, filters=history.Filters(), user=auditor)
    ordered = [v.event.pk for _kind, _label, views, _n in whole.grouped() for v in views]
    assert len(ordered) > 150
    assert len(ids(first)) == 100
    assert ids(first) == ordered[:100]
    assert ids(second) == ordered[100:-1]
    assert "Events 101 to" in _visible_text(second)
    assert "Events 1 to 100 of" in _visible_text(first)

    # The summary and the disclosures lead every page, whole.
    for page in (first, second):
        assert page.count("data-disclosure=") == 1
        assert "What was shared 1 disclosure " in _visible_text(page)
    # GOV.UK pagination: Previous/Next and numbers, keeping the filters, the current page
    # marked; the downloads carry the filters but no page (exports are whole).
    assert 'href="?access=on&amp;page=2#record" rel="next"' in first
    assert 'href="?access=on&amp;page=1#record" rel="prev"' in second
    assert 'aria-label="Page 2" aria-current="page"' in second
    assert 'aria-label="Page 1" aria-current="page"' in first
    assert 'href="?access=on&amp;format=events-csv"' in second
    assert "page=2&amp;format" not in second
    # The access group carries on from page 1, and says so; its count is the whole group's.
    assert "(continued)" in _visible_text(second)


def test_a_page_number_that_is_not_a_page_shows_a_page_not_an_error(client, busy_case, auditor):
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    for param in ("page", "shared", "not_shared"):
        for number in ("abc", "0", "-1", "999", "1.5", "9" * 40):
            response = client.get(url, {param: number})
            assert response.status_code == 200, (param, number)
            assert "data-event=" in response.content.decode(), (param, number)
            assert "data-disclosure=" in response.content.decode(), (param, number)


def test_the_page_numbers_show_the_first_the_last_and_the_neighbours():
    def items(number, pages):
        return history.RecordPage(number, pages, 0, 0, 0, []).items

    assert items(1, 1) == [1]
    assert items(1, 3) == [1, 2, 3]
    assert items(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert items(10, 10) == [1, None, 9, 10]
    assert items(2, 10) == [1, 2, 3, None, 10]


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
    assert re.search(rf"Prepared for:? {re.escape(auditor.get_full_name())}", title), title
    assert re.search(r"Prepared by:? Record an information-sharing decision", title), title
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


def test_a_consents_agencies_and_a_questions_page_read_in_words_not_ids_or_slugs(
    busy_case, auditor, other_agency
):
    """Plain English (issue 13): a consent's scope names its agencies, not their ids, and an
    answer saved on a question's later page names the page in words."""
    built = history.build(busy_case, filters=history.Filters(), user=auditor)
    labels = [label for view in built.views for label, _ in view.details]
    assert "Scope agency ids" not in labels
    scopes = [
        value for view in built.views for label, value in view.details if label == "With agencies"
    ]
    assert [other_agency.name] in scopes
    titles = " ".join(view.title for view in built.views)
    assert not re.search(r"\([a-z]+-[a-z-]+\)", titles), titles


# --- The page reads only what it shows (ADR 0040) ------------------------------------------


def _more_decisions(case, practitioner, other_agency, outcomes):
    given = case.consents.get(giver_name="Amelia Clarke")
    refusal = case.consents.get(giver_name="Karen Clarke")
    for outcome in outcomes:
        _decide(practitioner, case, other_agency, given=given, refusal=refusal, outcome=outcome)


def test_the_summary_is_shown_a_page_at_a_time_in_the_whole_summarys_order_and_counts(
    client, busy_case, auditor, practitioner, other_agency, monkeypatch
):
    """Issue 13 (a long history renders as fast as a short one): the disclosures and the
    decisions not to share are each paged (ADR 0040), in the order of the whole summary
    the downloads hold, each part counting all of its lines; a part's page links keep
    the other parts' pages and the filters."""
    _more_decisions(
        busy_case, practitioner, other_agency, ["share", "do_not_share", "do_not_share"]
    )
    monkeypatch.setattr(history, "SUMMARY_PAGE_SIZE", 1)
    whole = _build(busy_case, auditor).summary
    assert len(whole.disclosures) == 2
    assert len(whole.not_shared) == 2
    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])

    def disclosures(page_html):
        return [int(c.split('"', 1)[0]) for c in page_html.split('data-disclosure="')[1:]]

    def refusals(page_html):
        return [int(c.split('"', 1)[0]) for c in page_html.split('data-not-shared="')[1:]]

    first = client.get(url, {"access": "on", "page": "1", "not_shared": "2"}).content.decode()
    second = client.get(url, {"access": "on", "shared": "2"}).content.decode()
    assert disclosures(first) == [whole.disclosures[0].event_id]
    assert disclosures(second) == [whole.disclosures[1].event_id]
    assert refusals(first) == [whole.not_shared[1].event_id]
    assert refusals(second) == [whole.not_shared[0].event_id]
    for page in (first, second):
        text = _visible_text(page)
        assert "What was shared 2 disclosures" in text
        assert "Decisions not to share 2 decisions" in text
    assert "Disclosures 1 to 1 of 2, earliest first." in _visible_text(first)
    assert "Disclosures 2 to 2 of 2, earliest first." in _visible_text(second)
    assert 'href="?access=on&amp;page=1&amp;not_shared=2&amp;shared=2#disclosures" rel="next"' in (
        first
    )
    assert 'href="?access=on&amp;page=1&amp;not_shared=1#not-shared" rel="prev"' in first
    # The downloads are whole: they carry the filters, no page of any part.
    assert 'href="?access=on&amp;format=json"' in first
    # What the page shows of a line reads as the whole summary's line does.
    line = whole.disclosures[1]
    assert f"Decided by {line.decided_by}" in _visible_text(second)


def test_the_pages_queries_do_not_grow_with_its_disclosures_and_decisions(
    client, busy_case, auditor, practitioner, other_agency
):
    """The summary's index is one query and only the lines shown are read: more
    disclosures and decisions not to share cost no more queries (ADR 0040)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _more_decisions(busy_case, practitioner, other_agency, ["share", "share", "do_not_share"])
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)
    assert "What was shared 3 disclosures" in _visible_text(page)


def test_the_page_groups_and_counts_the_events_as_the_whole_record_does(busy_case, auditor):
    """The page groups its index by action (and, for a decision started by a request, the
    one field that makes it a request) without reading payloads; its groups and their
    counts are those of the whole record the downloads hold."""
    whole = _build(busy_case, auditor)
    shown = history.build_page(busy_case, filters=history.Filters(), size=1000)
    assert [(g.kind, g.counted) for g in shown.record.groups] == [
        (kind, counted) for kind, _label, views, counted in whole.grouped() if views
    ]
    assert [v.event.pk for g in shown.record.groups for v in g.views] == [
        v.event.pk for _kind, _label, views, _n in whole.grouped() for v in views
    ]
    started = [
        v for g in shown.record.groups for v in g.views if v.title.startswith("Decision started")
    ]
    assert started
    assert {v.kind for v in started} == {"request"}  # the police's request
    assert shown.shown == len(whole.views)
    assert shown.period == whole.period


def test_an_actions_group_is_decided_without_its_payload_as_before():
    """Where an app places its actions (records.describe.place): a subject access file
    downloaded is an access; the exchange's steps are requests, disclosures and
    corrections; onward sharing sits with the disclosures."""
    from records.describe import group_of

    assert group_of("sar.downloaded", None) == "access"
    assert group_of("sar.released", None) == "sar"
    assert group_of("request.answered", None) == "request"
    assert group_of("correction.sent", None) == "amendment"
    assert group_of("onward.asked", None) == "disclosure"
    assert group_of("disclosure.received", None) == "disclosure"
    assert group_of("decision.started", {"kind": "request_made"}) == "request"
    assert group_of("decision.started", {"kind": "share_proactively"}) == "decision"


def test_the_page_checks_the_events_it_shows_and_the_downloads_check_every_event(
    client, busy_case, auditor
):
    """The page states the chain check of what it shows, in words; an event it does not
    show (an access event, filtered off) is checked by every download (ADR 0040)."""
    from tests.conftest import guards_off

    client.force_login(auditor)
    url = reverse("records:case_history", args=[busy_case.pk])
    page = client.get(url).content.decode()
    assert re.search(
        r"All \d+ events shown on this page match their hashes and link to the events "
        r"before them in their chains\. Each download checks every event it holds\.",
        _visible_text(page),
    )
    hidden = AuditEvent.objects.filter(case_id=busy_case.pk, action="case.viewed").first()
    with guards_off() as cursor:
        cursor.execute("UPDATE audit_event SET payload = '{\"x\": 1}' WHERE id = %s", [hidden.pk])
    assert "Intact" in _visible_text(client.get(url).content.decode())  # not shown, not checked
    exported = json.loads(client.get(url, {"format": "json"}).content)
    assert exported["verification"]["intact"] is False
    shown_page = client.get(url, {"access": "on"}).content.decode()
    assert "Broken" in _visible_text(shown_page)
    assert f"event {hidden.pk} does not match its hash" in shown_page


def test_the_json_file_reads_back_as_the_document_with_an_event_a_line(busy_case, auditor):
    """The JSON file is the export's document exactly (json.loads gives it back), laid out
    for a person: the top levels indented, each event on a line of its own."""
    built = _build(busy_case, auditor)
    text = exports.json_text(built)
    assert json.loads(text) == json.loads(json.dumps(exports.json_document(built)))
    lines = text.splitlines()
    assert lines[0] == "{"
    assert all(line.startswith('  "') for line in lines[1:4])  # top-level keys, indented
    event_lines = [line for line in lines if line.startswith('    {"id": ')]
    assert len(event_lines) == len(built.views)
    assert all(json.loads(line.rstrip(","))["hash"] for line in event_lines)
