"""The scenario issue 8 was filed from, run as a person would: a teacher worried about a
pupil's bruises, who has not asked the parents because asking could put the child at risk.

Every page is checked with axe (no rule filtered) and measured: no page may be taller than
two screens at 1280x800, and the happy path through all eight questions, from the task list
to check answers, must take fewer than 25 page loads. The run's page loads, clicks, fields
typed, options read and time are written to var/measurements/teacher-scenario.json and
printed, for the closing note of the issue (timings are reported, never asserted).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from agencies.models import AgencyKind, Role
from sharing import catalogues as cat
from sharing.models import Decision, FollowUp
from tests.browser import flows
from tests.browser.flows import Person, no_javascript_errors, summary_value  # noqa: F401
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.agencies import AgencyFactory, member
from tests.factories.records import CaseFactory, allocate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1280, "height": 800}
OUT = Path(__file__).resolve().parents[2] / "var" / "measurements" / "teacher-scenario.json"


@pytest.fixture
def teacher_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=SCREEN)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(teacher_page):  # the JavaScript error check watches this page
    return teacher_page


@pytest.fixture
def school(agency):
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    teacher = member(school, Role.PRACTITIONER, user__username="teacher", job_title="Teacher")
    lead = member(school, Role.LEAD_OFFICER)
    pupil = CaseFactory(agency=school, created_by=lead, child_name="Ethan Wright")
    allocate(pupil, teacher)
    return pupil


def test_a_teacher_refers_bruising_without_asking_the_parents(page, school, agency):
    social_care = agency.name
    sign_in(page, "teacher")
    person = Person(page, a11y=True)
    started = time.perf_counter()
    flows.start_decision(
        person,
        school,
        prompted_by="Bruises on both upper arms seen in PE; he flinched when asked",
    )
    task_list_at = len(person.meter.loads)  # the task list counts from here
    flows.expect_status(page, 1, "Not yet started")
    flows.expect_status(page, 2, "Cannot start yet")
    flows.open_task(person, 1)
    flows.page_q1(
        person,
        purpose="Refer the bruising to children's social care",
        legal_bases=[
            cat.label(cat.LEGAL_BASES, "ea2002_s175"),
            cat.label(cat.LEGAL_BASES, "dpa2018_safeguarding"),
        ],
    )
    flows.page_q2(person)
    flows.page_q3(
        person,
        relationship="assumed",
        special=[cat.label(cat.SPECIAL_CATEGORIES, "health")],
        dpa_condition=cat.label(cat.DPA_CONDITIONS, "safeguarding_children_individuals"),
    )
    flows.page_q4(person, flows.not_sought("child_at_increased_risk"))
    flows.page_q5(person)
    flows.page_q6(
        person,
        if_shared="Social care can check he is safe",
        if_not_shared="He may go on being hurt",
        advice_given="Refer today; do not tell the parents yet",
        why="Only what I saw, to the duty team",
    )
    flows.page_q7(
        person,
        agency=social_care,
        items=[
            ("Bruises on both upper arms, seen in PE today", "Fact"),
            ("He seemed frightened when asked", "Opinion"),
        ],
        recipient_name="Sam Patel",
        person_told="not_told",
        not_told_reason="Telling his parents could put him at risk",
    )
    flows.page_q8(
        person,
        reasons="Reasonable cause to believe he is suffering significant harm",
        authorised_by="Jo Brown, safeguarding lead",
        risk_assessment="Body map on file",
    )
    happy_path = person.meter.loads[task_list_at - 1 :]  # task list .. check answers
    decision_id = flows.submit_decision(person)
    seconds = time.perf_counter() - started

    # The record: the outcome as a tag, what is still to do at the top, no green panel.
    expect(page.get_by_test_id("outcome")).to_have_text("Share the information")
    flows.expect_recommendation(page, "share_in_public_interest")
    expect(page.locator(".govuk-panel")).to_have_count(0)
    expect(page.get_by_test_id("review-status")).to_have_text("Not needed: nothing was flagged")
    expect(summary_value(page, "What is the level of risk of harm at the time?")).to_have_text(
        cat.label(cat.RISK_LEVELS, "reasonable_cause")
    )
    decision = Decision.objects.get(pk=decision_id)
    assert decision.flags == []
    assert decision.answers["q4"]["not_sought_reason"] == "child_at_increased_risk"
    assert not FollowUp.objects.filter(decision=decision).exists()  # not told, with the reason

    meter = person.meter
    report = {
        "page_loads_task_list_to_check_answers": len(happy_path),
        "page_loads_case_page_to_record": len(meter.loads),
        "clicks": meter.clicks,
        "fields_typed": meter.fields_typed,
        "characters_typed": meter.characters,
        "choices_read": meter.choices_read,
        "page_heights_px": meter.heights,
        "scripted_run_seconds": round(seconds, 1),
        "estimated_minutes_for_a_person": round(meter.estimated_minutes(), 1),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\nTeacher scenario:", json.dumps(report, indent=2))
    assert len(happy_path) < 25, happy_path
    # Every page that asks something, the task list and the confirmation fit in two screens;
    # check your answers and the record list every answer, and are reported, not held to it.
    documents = ("Check your answers", f"Decision {decision_id}")
    asking = [(title, px) for title, px in meter.heights if title not in documents]
    assert max(px for _, px in asking) <= 2 * SCREEN["height"], asking


def test_save_and_come_back_later_midway_loses_nothing(page, school, agency):
    person = Person(page, a11y=True)
    sign_in(page, "teacher")
    flows.start_decision(person, school, prompted_by="Bruises seen in PE")
    flows.open_task(person, 1)
    flows.page_q1(person)
    # Question 2: who it identifies; then, on the next page, half done: "come back later".
    flows.expect_question(page, 2)
    person.tick(flows.TITLES[2], [cat.label(cat.IDENTIFIABLE_PEOPLE, "child")])
    person.save()
    at_risk = (
        "Could anyone the information identifies be harmed if their details became known to "
        "an abuser?"
    )
    person.choose(at_risk, "Yes")
    person.save_for_later()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as you typed them")
    flows.expect_status(page, 2, "There is a problem")
    flows.expect_status(page, 3, "Not yet started")
    assert_accessible(page)

    # Signed out and back in: from the case page, the draft opens on its task list.
    person.button("Sign out")
    sign_in(page, "teacher")
    page.goto(f"/cases/{school.pk}/")
    drafts = page.get_by_test_id("drafts")
    expect(drafts).to_contain_text("Sharing information: child protection enquiry")
    expect(drafts).to_contain_text("Bruises seen in PE")
    person.click(drafts.get_by_role("link", name="Continue"))
    flows.expect_status(page, 2, "There is a problem")
    flows.open_task(person, 2)
    # Back where they stopped, as they left it, with what needs fixing.
    expect(page.get_by_test_id("kept-as-typed")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say how their identity will be protected"
    )
    expect(flows.option(page, at_risk, "Yes")).to_be_checked()
    assert_accessible(page)
    person.type(
        "If yes, how will you and the person you share with protect their identity?",
        "The classmate who told me is not named",
    )
    person.save()
    flows.expect_question(page, 3)
    decision = Decision.objects.get()
    assert decision.typed == {}
    assert decision.answers["q2"]["identity_protection"] == "The classmate who told me is not named"


def test_what_was_typed_comes_back_after_the_back_link(page, school):
    person = Person(page)
    sign_in(page, "teacher")
    flows.start_decision(person, school)
    flows.open_task(person, 1)
    person.choose("What is the purpose?", flows.PURPOSE_S47)
    person.type("Describe the purpose in your own words", "Typed, then the back link")
    person.link("Back")  # to the task list, without saving
    flows.open_task(person, 1)  # the page again, as the server has it
    expect(page.get_by_test_id("restored")).to_be_visible()
    expect(flows.field(page, "Describe the purpose in your own words")).to_have_value(
        "Typed, then the back link"
    )
    expect(flows.option(page, "What is the purpose?", flows.PURPOSE_S47)).to_be_checked()
    assert_accessible(page)
    person.save()
    expect(page.get_by_role("heading", name="What is the legal basis for sharing?")).to_be_visible()
    assert Decision.objects.get().answers["q1"]["purpose"] == "Typed, then the back link"


def test_a_practitioner_discards_a_draft(page, school):
    person = Person(page, a11y=True)
    sign_in(page, "teacher")
    flows.start_decision(person, school, prompted_by="Changed my mind")
    person.link("Discard this draft")
    person.arrive("Are you sure you want to discard this draft?")
    person.button("Discard the draft")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Draft discarded: Sharing information: changed my mind"
    )
    assert_accessible(page)
    assert not Decision.objects.exists()
