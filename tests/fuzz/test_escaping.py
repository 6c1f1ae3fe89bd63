"""Hostile text typed into a record comes back as text everywhere it appears: the pages,
the PDF, the CSV and the JSON of the case history."""

import csv
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from records import services

pytestmark = pytest.mark.django_db
NAME = '<script>alert("x")</script> =cmd|"/c calc"!A1'


@pytest.fixture
def hostile_case(lead_officer):
    import datetime

    case = services.case_create(
        actor=lead_officer,
        reference='=HYPERLINK("http://evil.example")',
        child_name=NAME,
        date_of_birth=datetime.date(2015, 3, 27),
    )
    services.connected_person_add(
        actor=lead_officer,
        case=case,
        name='"><img src=x onerror=alert(1)>',
        relationship="parent_carer",
        parental_responsibility=True,
    )
    return case


def test_pages_show_hostile_text_escaped(client, lead_officer, hostile_case):
    client.force_login(lead_officer)
    for url in (
        reverse("records:case_detail", args=[hostile_case.pk]),
        reverse("records:case_list"),
        reverse("records:case_history", args=[hostile_case.pk]),
    ):
        body = client.get(url).content.decode()
        assert '<script>alert("x")' not in body, url
        assert "&lt;script&gt;alert(" in body, url
        assert "<img src=x" not in body, url


def test_the_csv_neutralises_formulas_and_keeps_the_text(client, lead_officer, hostile_case):
    client.force_login(lead_officer)
    url = reverse("records:case_history", args=[hostile_case.pk])
    cells = []
    for fmt in ("csv", "events-csv"):  # the disclosures file and the events file
        body = client.get(url, {"format": fmt}).content.decode("utf-8-sig")
        cells += [cell for row in list(csv.reader(io.StringIO(body)))[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(NAME in cell for cell in cells)


def test_the_json_carries_the_text_exactly_as_data(client, lead_officer, hostile_case):
    client.force_login(lead_officer)
    url = reverse("records:case_history", args=[hostile_case.pk]) + "?format=json"
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["case"]["child_name"] == NAME


def test_the_pdf_prints_the_text_and_runs_none_of_it(client, lead_officer, hostile_case):
    client.force_login(lead_officer)
    url = reverse("records:case_history", args=[hostile_case.pk]) + "?format=pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(client.get(url).content)).pages
    )
    assert '<script>alert("x")</script>' in text.replace("\n", "")
