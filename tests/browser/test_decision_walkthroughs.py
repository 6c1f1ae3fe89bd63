"""The procedures' scenarios walked through in Chromium, each ending in a submitted record.

The branches are the ones tests/sharing/test_flow.py drives through the test client; here a
practitioner answers every page by its labels, with govuk-frontend's JavaScript opening the
conditional questions. The public-interest walkthrough checks every page of a decision with
axe (start, questions 1-8 with their reveals open, check answers, the record); the consent
form, record and withdrawal pages are checked in test_consent_in_browser.py.
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
    field,
    group,
    no_javascript_errors,  # noqa: F401  (autouse)
    option,
    summary_value,
)
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.sharing import consent_given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG_MESSAGES = {rule.code: rule.message for rule in RULES}


def consent_label(name: str, role: str, form: str) -> str:
    """How question 4 lists a consent record (ConsentForm.setup_fields)."""
    return f"{name} ({role}), {form}, {TODAY:%-d %B %Y}"


@pytest.fixture
def signed_in(page, allocated_case):
    sign_in(page, "practitioner")
    return page


def test_anonymised_information_may_be_shared_anonymised(signed_in, allocated_case, other_agency):
    page = signed_in
    flows.start_decision(page, allocated_case)
    flows.answer_q1(page)
    flows.answer_q2(page, identifiable=False)
    # L 4.5.5: anonymised information goes straight to how it is shared.
    flows.answer_q7(page, agency=other_agency.name, items=[("Three pupils in year 6", "Fact")])
    flows.answer_q8(page)
    decision_id = flows.submit_decision(page)

    expect(page).to_have_url(re.compile(rf"/decisions/{decision_id}/$"))
    flows.expect_recommendation(page, "may_share_anonymised")
    expect(page.get_by_role("heading", name="3. Is the information confidential?")).to_have_count(0)
    assert sorted(Decision.objects.get(pk=decision_id).answers) == ["q1", "q2", "q7", "q8", "start"]


def test_widely_known_information_is_not_confidential(signed_in, allocated_case, other_agency):
    # L 4.3.3: a teacher knows a parent misuses drugs, and it is widely known locally.
    page = signed_in
    flows.start_decision(
        page, allocated_case, prompted_by="A teacher knows the mother misuses drugs"
    )
    flows.answer_q1(page, purpose="To get early help for the family")
    flows.answer_q2(page)
    flows.answer_q3(page, relationship="not_confidential_public")
    flows.answer_q7(
        page,
        agency=other_agency.name,
        items=[("The mother misuses drugs; this is widely known in the area", "Fact")],
    )
    flows.answer_q8(page, reasons="Not confidential, and the school needs support for the child")
    flows.submit_decision(page)

    flows.expect_recommendation(page, "may_share")
    expect(summary_value(page, "Is the information confidential?")).to_have_text(
        cat.label(cat.CONFIDENTIALITY_RELATIONSHIPS, "not_confidential_public")
    )


def test_written_consent_recorded_from_question_4_is_relied_on(
    signed_in, allocated_case, other_agency, tmp_path
):
    page = signed_in
    flows.start_decision(page, allocated_case)
    flows.answer_q1(page)
    flows.answer_q2(page)
    flows.answer_q3(page)

    flows.expect_question(page, 4)
    question_4 = page.url
    page.get_by_role("link", name="Record consent or a refusal").click()
    flows.fill_consent(page, signed_form=flows.pdf_file(tmp_path), agencies=[other_agency.name])
    assert_accessible(page)  # the consent form, with its revealed upload
    flows.save_consent(page)

    # Back on question 4, where the new record can be ticked.
    expect(page).to_have_url(question_4)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Consent record saved for Karen Clarke"
    )
    karen = consent_label(
        "Karen Clarke", "a person with parental responsibility", "explicit consent in writing"
    )
    expect(page.get_by_label(karen)).to_be_hidden()  # until "Consent was obtained" is chosen
    flows.answer_q4(page, "obtained", consents=[karen], a11y=True)
    flows.answer_q7(page, agency=other_agency.name)  # consent in scope: straight to Q7
    flows.answer_q8(page)
    decision_id = flows.submit_decision(page)

    flows.expect_recommendation(page, "share_with_consent")
    expect(summary_value(page, "Which consent records do you rely on?")).to_contain_text(karen)
    decision = Decision.objects.get(pk=decision_id)
    consent = decision.consents.get()
    assert consent.form == "explicit_written"
    assert consent.signed_form_type == "application/pdf"
    with consent.signed_form.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-1.4")


def test_police_request_under_section_47_must_be_shared(signed_in, allocated_case, other_agency):
    page = signed_in
    flows.start_decision(page, allocated_case, "request_received", agency=other_agency.name)
    flows.answer_q1(page)
    flows.answer_q2(page)
    flows.answer_q3(page)
    flows.answer_q4(
        page,
        "not_sought",
        not_sought_reason=cat.label(cat.NOT_SOUGHT_REASONS, "prejudice_serious_crime"),
    )
    flows.answer_q5(page, duty="ca1989_s47_enquiry")
    flows.answer_q7(page, agency=other_agency.name, recipient_name="DC Smith")
    flows.answer_q8(page, reasons="Section 47 enquiry: we must help")
    flows.submit_decision(page)

    flows.expect_recommendation(page, "must_share")
    expect(summary_value(page, "Requested by (organisation)")).to_have_text(other_agency.name)
    expect(summary_value(page, "Which duty or order?")).to_have_text(
        cat.label(cat.STATUTORY_DUTIES, "ca1989_s47_enquiry")
    )
    expect(page.get_by_test_id("disclosure")).to_contain_text("Any concerns about the child")


def test_refused_consent_overridden_in_the_public_interest(
    signed_in, allocated_case, other_agency, practitioner
):
    # L 4.4.5: the parents of a baby failing to thrive refuse consent. Every page type of
    # the decision is checked with axe here, with its conditional questions open.
    consent_given(allocated_case, agencies=[], recorded_by=practitioner, outcome="refused")
    refusal = consent_label(
        "Karen Clarke", "a person with parental responsibility", "explicit consent in writing"
    )
    page = signed_in
    flows.start_decision(page, allocated_case, prompted_by="Baby is failing to thrive", a11y=True)
    flows.answer_q1(page, a11y=True)
    flows.answer_q2(page, a11y=True)
    flows.answer_q3(page, a11y=True)
    flows.answer_q4(page, "refused", refusals=[refusal], a11y=True)
    flows.answer_q5(page, a11y=True)
    flows.answer_q6(page, a11y=True)
    flows.answer_q7(page, agency=other_agency.name, onward="Yes", a11y=True, submit=False)
    flows.choose(page, "Has your agency agreed to that?", "Yes")
    flows.save(page)
    flows.expect_question(page, 8)
    expect(page.get_by_test_id("recommendation")).to_have_text(
        flows.recommendation("share_in_public_interest")
    )
    flows.answer_q8(page, a11y=True)
    decision_id = flows.submit_decision(page, a11y=True)

    flows.expect_recommendation(page, "share_in_public_interest")
    expect(page.locator(".govuk-panel__title")).to_have_text("Share the information")
    expect(summary_value(page, "Which refusals are recorded?")).to_contain_text(refusal)
    decision = Decision.objects.get(pk=decision_id)
    assert decision.outcome == "share"
    assert decision.answers["q7"]["onward_agreed"] is True


def test_consent_not_sought_because_it_would_put_the_child_at_risk(
    signed_in, allocated_case, other_agency
):
    # L 4.4.2: asking would put the child at increased risk of significant harm.
    reason = cat.label(cat.NOT_SOUGHT_REASONS, "child_at_increased_risk")
    page = signed_in
    flows.start_decision(page, allocated_case)
    flows.answer_q1(page)
    flows.answer_q2(page)
    flows.answer_q3(page)
    flows.answer_q4(page, "not_sought", not_sought_reason=reason)
    flows.answer_q5(page)  # no statutory duty
    flows.answer_q6(page, conclusion="justified", risk="suffered_or_likely")
    flows.answer_q7(
        page,
        agency=other_agency.name,
        person_told="not_told",
        not_told_reason="Telling the father would put the child at risk",
    )
    flows.answer_q8(page)
    flows.submit_decision(page)

    flows.expect_recommendation(page, "share_in_public_interest")
    expect(summary_value(page, "Why was consent not sought?")).to_have_text(reason)
    expect(page.locator("ul.govuk-list--bullet")).to_contain_text(
        f"Consent was not sought: {reason.lower()}"
    )
    expect(summary_value(page, "Why will they not be told?")).to_have_text(
        "Telling the father would put the child at risk"
    )


def test_not_sharing_despite_significant_harm_goes_for_review(
    signed_in, allocated_case, other_agency
):
    page = signed_in
    flows.start_decision(page, allocated_case)
    flows.answer_q1(page)
    flows.answer_q2(page)
    flows.answer_q3(page)
    flows.answer_q4(page, "refused")
    flows.answer_q5(page)
    flows.answer_q6(page, conclusion="not_justified", risk="suffered_or_likely")
    # Not justified: nothing is shared, so question 7 is skipped.
    flows.expect_question(page, 8)
    flows.answer_q8(
        page, decision="do_not_share", reasons="The parents would stop engaging with services"
    )
    decision_id = flows.submit_decision(page)

    expect(page.locator(".govuk-panel__title")).to_have_text("Do not share")
    flows.expect_recommendation(page, "seek_advice")
    flag = page.locator('[data-flag="not_sharing_despite_significant_harm"]')
    expect(flag).to_contain_text(FLAG_MESSAGES["not_sharing_despite_significant_harm"])
    expect(flag).to_contain_text("Needs review")
    expect(summary_value(page, "Review by the lead information officer")).to_have_text(
        "Awaiting review"
    )
    expect(summary_value(page, "Your reasons")).to_have_text(
        "The parents would stop engaging with services"
    )
    expect(page.get_by_test_id("disclosure")).to_have_count(0)
    assert Decision.objects.get(pk=decision_id).needs_review


def test_verbal_sharing_is_followed_up_in_writing(signed_in, allocated_case, other_agency):
    page = signed_in
    flows.start_decision(page, allocated_case)
    flows.answer_q1(page)
    flows.answer_q2(page, identifiable=False)
    flows.expect_question(page, 7)
    expect(group(page, "Will the verbal sharing be confirmed in writing?")).to_be_visible()
    flows.answer_q7(page, agency=other_agency.name, method="telephone", written_confirmation="Yes")
    flows.answer_q8(page)
    decision_id = flows.submit_decision(page)

    follow_up = page.get_by_test_id("follow-up")
    expect(follow_up).to_contain_text("Confirm the verbal sharing in writing (P 4)")
    expect(follow_up).to_contain_text("Outstanding")
    assert_accessible(page)  # the record, with a follow-up and its button
    follow_up.get_by_role("button", name="Mark as confirmed in writing").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Written confirmation recorded"
    )
    expect(follow_up).to_contain_text(f"done {TODAY:%-d %B %Y}")
    expect(follow_up).not_to_contain_text("Outstanding")
    expect(follow_up.get_by_role("button")).to_have_count(0)
    assert FollowUp.objects.get(decision_id=decision_id).done_at is not None


def test_practitioner_resumes_a_decision_where_they_stopped(
    signed_in, allocated_case, other_agency
):
    page = signed_in
    flows.start_decision(page, allocated_case)
    flows.answer_q1(
        page,
        legal_bases=[flows.LEGAL_BASIS_S47, cat.label(cat.LEGAL_BASES, "ca2004_s11")],
        recipient_will_pass_on="Yes",
    )
    flows.answer_q2(page, people=[cat.label(cat.IDENTIFIABLE_PEOPLE, "third_party")])
    flows.answer_q3(
        page,
        relationship="informal",
        special=[cat.label(cat.SPECIAL_CATEGORIES, "health")],
        dpa_condition=cat.label(cat.DPA_CONDITIONS, "safeguarding_children_individuals"),
    )
    flows.expect_question(page, 4)
    decision = Decision.objects.get()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/decisions/{decision.pk}/questions/4/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # signed out for real

    sign_in(page, "practitioner")
    page.goto("/cases/")
    page.get_by_role("link", name=allocated_case.reference).click()
    assert_accessible(page)  # the case page, listing the draft
    page.get_by_role("link", name=f"Continue decision {decision.pk}").click()
    flows.expect_question(page, 4)  # where they stopped
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    for radio in page.locator('input[name="consent_status"]').all():
        expect(radio).not_to_be_checked()

    page.get_by_role("link", name="Back", exact=True).click()
    flows.expect_question(page, 3)
    expect(
        option(page, flows.TITLES[3], cat.label(cat.CONFIDENTIALITY_RELATIONSHIPS, "informal"))
    ).to_be_checked()
    expect(
        option(
            page,
            "Does it include any special category or criminal offence information?",
            cat.label(cat.SPECIAL_CATEGORIES, "health"),
        )
    ).to_be_checked()
    expect(
        option(
            page,
            "Which Data Protection Act 2018 condition do you rely on?",
            cat.label(cat.DPA_CONDITIONS, "safeguarding_children_individuals"),
        )
    ).to_be_checked()

    page.get_by_role("link", name="Back", exact=True).click()
    flows.expect_question(page, 2)
    expect(option(page, flows.TITLES[2], "Yes")).to_be_checked()
    people = group(page, "Who could be identified?")
    expect(people).to_be_visible()  # the reveal is open for the saved answer
    expect(people.get_by_label(cat.label(cat.IDENTIFIABLE_PEOPLE, "third_party"))).to_be_checked()
    expect(people.get_by_label(cat.label(cat.IDENTIFIABLE_PEOPLE, "child"))).not_to_be_checked()

    page.get_by_role("link", name="Back", exact=True).click()
    flows.expect_question(page, 1)
    expect(option(page, flows.TITLES[1], "Yes")).to_be_checked()
    expect(field(page, "Describe the purpose in your own words")).to_have_value(flows.Q1_PURPOSE)
    expect(option(page, "What kind of purpose is it?", flows.PURPOSE_S47)).to_be_checked()
    bases = "What is the legal basis for sharing?"
    expect(option(page, bases, flows.LEGAL_BASIS_S47)).to_be_checked()
    expect(option(page, bases, cat.label(cat.LEGAL_BASES, "ca2004_s11"))).to_be_checked()
    expect(option(page, bases, cat.label(cat.LEGAL_BASES, "ca1989_s17"))).not_to_be_checked()
    for legend, answer in (
        ("Is the sharing within your agency's functions or powers?", "Yes"),
        ("Does the recipient have a genuine need to know?", "Yes"),
        ("Would anonymised information achieve the purpose?", "No"),
        ("Will the recipient pass the information on to anyone else?", "Yes"),
    ):
        expect(option(page, legend, answer)).to_be_checked()

    # Saving again keeps going from where the route stops.
    flows.save(page)
    flows.expect_question(page, 2)
    flows.save(page)
    flows.expect_question(page, 3)
    flows.save(page)
    flows.answer_q4(page, "could_not_be_obtained", explanation="The mother could not be reached")
    flows.expect_question(page, 5)
