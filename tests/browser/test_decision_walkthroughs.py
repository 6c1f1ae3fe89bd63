"""The procedures' scenarios walked through in Chromium, each ending in a submitted record.

The branches are the ones tests/sharing/test_flow.py drives through the test client; here a
practitioner answers every page by its labels, and every page they see is checked with axe,
with no rule filtered (tests/browser/helpers.py). The teacher's scenario, measured, is in
test_teacher_scenario.py; bad input on every page in test_question_errors.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sharing import catalogues as cat
from sharing.guidance import RULES
from sharing.models import Decision, FollowUp
from tests.browser import flows
from tests.browser.flows import (
    TODAY,
    Person,
    no_javascript_errors,  # noqa: F401  (autouse)
    summary_value,
)
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.sharing import consent_given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG_MESSAGES = {rule.code: rule.message for rule in RULES}


def consent_label(name: str, role: str, form: str) -> str:
    """How question 4 lists a consent record (sharing/forms/consent.py)."""
    return f"{name} ({role}), {form}, {TODAY:%-d %B %Y}"


@pytest.fixture
def person(page, allocated_case):
    sign_in(page, "practitioner")
    return Person(page, a11y=True)


def test_anonymised_information_may_be_shared_anonymised(person, allocated_case, other_agency):
    flows.start_decision(person, allocated_case)
    flows.open_task(person, 1)
    flows.page_q1(person)
    flows.page_q2(person, people=[])
    # L 4.5.5: anonymised information goes straight to how it is shared.
    flows.page_q7(person, agency=other_agency.name, items=[("Three pupils in year 6", "Fact")])
    flows.page_q8(person)
    decision_id = flows.submit_decision(person)

    flows.expect_recommendation(person.page, "may_share_anonymised")
    expect(
        person.page.get_by_role("heading", name="3. Is the information confidential?")
    ).to_have_count(0)
    assert sorted(Decision.objects.get(pk=decision_id).answers) == ["q1", "q2", "q7", "q8", "start"]


def test_widely_known_information_is_not_confidential(person, allocated_case, other_agency):
    # L 4.3.3: a teacher knows a parent misuses drugs, and it is widely known locally.
    flows.start_decision(person, allocated_case, prompted_by="The mother misuses drugs")
    flows.open_task(person, 1)
    flows.page_q1(person, purpose="To get early help for the family")
    flows.page_q2(person)
    flows.page_q3(person, relationship="not_confidential_public")
    page = person.page
    # The task list says why questions 4 to 6 are not needed.
    page.goto(page.url.split("/questions/")[0] + "/")
    flows.expect_status(page, 4, "Not needed")
    expect(page.locator('[data-task="4"]')).to_contain_text("the information is not confidential")
    assert_accessible(page)
    flows.open_task(person, 7)
    flows.page_q7(
        person,
        agency=other_agency.name,
        items=[("The mother misuses drugs; this is widely known in the area", "Fact")],
    )
    flows.page_q8(person, reasons="Not confidential, and the school needs support for the child")
    flows.submit_decision(person)

    flows.expect_recommendation(page, "may_share")
    expect(summary_value(page, "Is the information confidential?")).to_have_text(
        cat.label(cat.CONFIDENTIALITY_RELATIONSHIPS, "not_confidential_public")
    )


def test_written_consent_recorded_from_question_4_is_relied_on(
    person, allocated_case, other_agency, tmp_path
):
    page = person.page
    flows.start_decision(person, allocated_case)
    flows.open_task(person, 1)
    flows.page_q1(person)
    flows.page_q2(person)
    flows.page_q3(person)
    flows.expect_question(page, 4)
    person.choose(flows.TITLES[4], cat.label(cat.CONSENT_STATUSES, "obtained"))
    person.save()
    consents_page = page.url
    person.arrive("Which consent do you rely on?")
    person.link("record it")
    flows.fill_consent(page, signed_form=flows.pdf_file(tmp_path), agencies=[other_agency.name])
    assert_accessible(page)  # the consent form, everything in view
    flows.save_consent(page)

    # Back on the page, where the new record can be ticked.
    expect(page).to_have_url(consents_page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Consent record saved for Karen Clarke"
    )
    karen = consent_label(
        "Karen Clarke", "a person with parental responsibility", "explicit consent in writing"
    )
    person.arrive("Which consent do you rely on?")
    person.tick("Which consent do you rely on?", [karen])
    person.save()
    person.arrive("Do people with parental responsibility for the child disagree about sharing?")
    person.choose(
        "Do people with parental responsibility for the child disagree about sharing?", "No"
    )
    person.save()
    # Consent covers it: straight to question 7, where the limits of consent are asked.
    flows.page_q7(person, agency=other_agency.name, consent_limits=True)
    flows.page_q8(person)
    decision_id = flows.submit_decision(person)

    flows.expect_recommendation(page, "share_with_consent")
    expect(summary_value(page, "Which consent do you rely on?")).to_contain_text(karen)
    decision = Decision.objects.get(pk=decision_id)
    consent = decision.consents.get()
    assert consent.form == "explicit_written"
    assert consent.signed_form_type == "application/pdf"
    with consent.signed_form.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-1.4")


def test_police_request_under_section_47_must_be_shared(person, allocated_case, other_agency):
    flows.start_decision(person, allocated_case, "request_received", agency=other_agency.name)
    flows.open_task(person, 1)
    flows.page_q1(person)
    flows.page_q2(person)
    flows.page_q3(person)
    flows.page_q4(person, flows.not_sought("prejudice_serious_crime"))
    flows.page_q5(person, duty="ca1989_s47_enquiry")
    flows.page_q7(person, agency=other_agency.name, recipient_name="DC Smith")
    flows.page_q8(person, reasons="Section 47 enquiry: we must help")
    flows.submit_decision(person)

    page = person.page
    flows.expect_recommendation(page, "must_share")
    expect(summary_value(page, "Requested by (organisation)")).to_have_text(other_agency.name)
    expect(summary_value(page, "Which duty or court order applies?")).to_have_text(
        cat.label(cat.STATUTORY_DUTIES, "ca1989_s47_enquiry")
    )
    expect(page.get_by_test_id("disclosure")).to_contain_text("Any concerns about the child")


def test_refused_consent_overridden_in_the_public_interest(
    person, allocated_case, other_agency, practitioner
):
    # L 4.4.5: the parents of a baby failing to thrive refuse consent.
    consent_given(allocated_case, agencies=[], recorded_by=practitioner, outcome="refused")
    refusal = consent_label(
        "Karen Clarke", "a person with parental responsibility", "explicit consent in writing"
    )
    page = person.page
    flows.start_decision(person, allocated_case, prompted_by="Baby is failing to thrive")
    flows.open_task(person, 1)
    flows.page_q1(person)
    flows.page_q2(person)
    flows.page_q3(person)
    flows.expect_question(page, 4)
    person.choose(flows.TITLES[4], cat.label(cat.CONSENT_STATUSES, "refused"))
    person.save()
    person.arrive("Which refusals are recorded?")
    person.tick("Which refusals are recorded?", [refusal])
    person.save()
    flows.page_q5(person)
    flows.page_q6(person)
    flows.page_q7(person, agency=other_agency.name, onward="Yes")
    flows.expect_question(page, 8)
    expect(page.get_by_test_id("recommendation")).to_have_text(
        flows.recommendation("share_in_public_interest")
    )
    flows.page_q8(person)
    decision_id = flows.submit_decision(person)

    flows.expect_recommendation(page, "share_in_public_interest")
    expect(page.get_by_test_id("outcome")).to_have_text("Share the information")
    expect(summary_value(page, "Which refusals are recorded?")).to_contain_text(refusal)
    decision = Decision.objects.get(pk=decision_id)
    assert decision.outcome == "share"
    assert decision.answers["q7"]["onward_agreed"] is True


def test_not_sharing_despite_significant_harm_goes_for_review(person, allocated_case):
    page = person.page
    flows.start_decision(person, allocated_case)
    flows.open_task(person, 1)
    flows.page_q1(person)
    flows.page_q2(person)
    flows.page_q3(person)
    flows.page_q4(person, cat.label(cat.CONSENT_STATUSES, "refused"))
    person.arrive("Which refusals are recorded?")
    person.save()
    flows.page_q5(person)
    flows.page_q6(person, conclusion="not_justified", risk="suffered_or_likely", advice_from=())
    # Not justified: nothing is shared, so question 7 is skipped; the procedures still
    # point to sharing, because the risk is significant harm (B 1, B 6).
    flows.expect_question(page, 8)
    flows.expect_recommendation(page, "share_in_public_interest")
    flows.page_q8(person, decision="do_not_share", reasons="The parents would stop engaging")
    person.arrive("Check your answers before submitting your decision")
    person.button("Submit decision")
    expect(page.get_by_test_id("next-review")).to_contain_text(
        "Your lead information officer will review this decision"
    )
    assert_accessible(page)
    person.link("View and print the record")

    expect(page.locator(".govuk-panel")).to_have_count(0)
    expect(page.get_by_test_id("outcome")).to_have_text("Do not share")
    flows.expect_recommendation(page, "share_in_public_interest")
    flag = page.locator('[data-flag="not_sharing_despite_significant_harm"]')
    expect(flag).to_contain_text(FLAG_MESSAGES["not_sharing_despite_significant_harm"])
    expect(flag).to_contain_text("Needs review")
    expect(flag).to_contain_text("Safeguarding Information Sharing Protocol, sections 1 and 6")
    expect(page.get_by_test_id("review-status")).to_have_text("Awaiting review")
    expect(summary_value(page, "Your reasons")).to_have_text("The parents would stop engaging")
    expect(page.get_by_test_id("disclosure")).to_have_count(0)
    assert_accessible(page)
    assert Decision.objects.get().needs_review


def test_verbal_sharing_is_followed_up_in_writing_from_the_top_of_the_record(
    person, allocated_case, other_agency
):
    page = person.page
    flows.start_decision(person, allocated_case)
    flows.open_task(person, 1)
    flows.page_q1(person)
    flows.page_q2(person, people=[])
    flows.page_q7(person, agency=other_agency.name, method="telephone", written_confirmation="Yes")
    flows.page_q8(person)
    decision_id = flows.submit_decision(person)

    banner = page.get_by_test_id("outstanding")
    expect(banner).to_contain_text("Confirm the verbal sharing in writing, by")
    expect(banner).to_contain_text("Tell the person the information is about that it was shared")
    banner.get_by_role("button", name=re.compile("Mark as confirmed in writing")).click()
    page.get_by_label("How was it confirmed? (optional)").fill("E-mail of 2 December, ref 118")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as confirmed in writing").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Written confirmation recorded"
    )
    expect(page.get_by_test_id("follow-up")).to_have_count(1)
    history = page.get_by_test_id("follow-up-history").filter(has_text="Confirm the verbal")
    expect(history).to_contain_text(f"done {TODAY:%-d %B %Y}")
    assert_accessible(page)
    written = FollowUp.objects.get(decision_id=decision_id, kind="confirm_in_writing")
    assert written.done_at is not None
