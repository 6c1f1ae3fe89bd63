"""Bad input on every page of a decision, and on the consent form, in Chromium.

Each page is sent with required answers missing or invalid. Every problem must be said
beside its field (.govuk-error-message) and, in the same words, as a link in the error
summary; everything the practitioner typed, chose or ticked must still be there; and the
page with its errors must pass axe.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from consent import catalogues as consent_cat
from sharing import catalogues as cat
from sharing import selectors, services
from sharing.forms import QUESTION_FORMS, StartForm
from sharing.models import Decision
from tests.browser import flows
from tests.browser.flows import (
    TITLES,
    expect_date,
    expect_errors,
    field,
    group,
    no_javascript_errors,  # noqa: F401  (autouse)
    option,
)
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.sharing import (
    Q1_PURPOSE,
    Q2_ANONYMISED,
    Q2_IDENTIFIABLE,
    Q3_CONFIDENTIAL,
    Q5_NO_DUTY,
    START_PROACTIVE,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEBRUARY_31 = ("31", "2", "2026")


# --- set-up: a draft already answered up to the page under test -----------------------


def draft(case, author, answers: dict[int, dict], start: dict | None = None) -> Decision:
    """A draft saved through the same forms and services the pages use."""
    start_form = StartForm(start or START_PROACTIVE)
    assert start_form.is_valid(), start_form.errors
    decision = services.decision_start(
        actor=author,
        case=case,
        kind=start_form.cleaned_data["kind"],
        start=start_form.start_answers(),
    )
    for number, data in answers.items():
        form = QUESTION_FORMS[number](data, context=selectors.form_context(decision))
        assert form.is_valid(), form.errors
        decision = services.decision_save_answer(
            actor=author, decision=decision, number=number, answers=form.answers()
        )
    return decision


@pytest.fixture
def open_question(page, allocated_case, practitioner):
    sign_in(page, "practitioner")

    def go(number: int, answers: dict[int, dict], start: dict | None = None) -> Page:
        decision = draft(allocated_case, practitioner, answers, start)
        page.goto(f"/decisions/{decision.pk}/questions/{number}/")
        flows.expect_question(page, number)
        return page

    return go


def expect_checked(scope: Page | Locator, legend: str, *labels: str) -> None:
    for label in labels:
        expect(option(scope, legend, label)).to_be_checked()


# --- the start page -----------------------------------------------------------------------


def test_start_page(page, allocated_case, other_agency):
    sign_in(page, "practitioner")
    page.goto(f"/cases/{allocated_case.pk}/decisions/new/")
    legend = "What kind of information sharing is this?"
    page.get_by_role("button", name="Continue").click()
    expect_errors(page, {"Select what kind of information sharing this is": group(page, legend)})
    assert_accessible(page)

    asked = cat.label(cat.DECISION_KINDS, "request_received")
    flows.reveal(page, legend, asked, "Who asked? (name and role)")
    field(page, "Who asked? (name and role)").fill("DC Smith")
    flows.fill_date(page, "When did the request arrive?", FEBRUARY_31)
    page.get_by_role("button", name="Continue").click()

    expect_errors(
        page,
        {
            "Select the organisation that asked": field(page, "Which organisation asked?"),
            "Date the request arrived must be a real date": group(
                page, "When did the request arrive?"
            ),
            "Describe what they asked for": field(page, "What did they ask for?"),
        },
    )
    expect(option(page, legend, asked)).to_be_checked()
    expect(field(page, "Who asked? (name and role)")).to_be_visible()  # the reveal stays open
    expect(field(page, "Who asked? (name and role)")).to_have_value("DC Smith")
    expect_date(page, "When did the request arrive?", FEBRUARY_31)
    assert_accessible(page)

    # Correct it: the decision starts.
    field(page, "Which organisation asked?").select_option(label=other_agency.name)
    flows.fill_date(page, "When did the request arrive?", datetime.date(2026, 2, 28))
    field(page, "What did they ask for?").fill("School attendance")
    page.get_by_role("button", name="Continue").click()
    flows.expect_question(page, 1)
    assert Decision.objects.get().answers["start"]["received_on"] == "2026-02-28"


# --- the eight questions ------------------------------------------------------------------


def test_question_1(open_question):
    page = open_question(1, {})
    flows.save(page)
    expect_errors(
        page,
        {"Select yes if there is a legitimate purpose to share": group(page, TITLES[1])},
    )
    assert_accessible(page)

    other = cat.label(cat.LEGAL_BASES, "other")
    flows.answer_q1(
        page,
        purpose="",
        category=flows.PURPOSE_S47,
        legal_bases=[other],
        within_functions="Yes",
        need_to_know="",
        anonymised_would_do="No",
        recipient_will_pass_on="",
        submit=False,
    )
    flows.save(page)
    expect_errors(
        page,
        {
            "Describe the purpose of sharing": field(
                page, "Describe the purpose in your own words"
            ),
            "Describe the other legal basis": field(page, "Describe the other legal basis"),
            "Select yes if the recipient needs to know": group(
                page, "Does the recipient have a genuine need to know?"
            ),
            "Select yes if the recipient will pass it on": group(
                page, "Will the recipient pass the information on to anyone else?"
            ),
        },
    )
    expect_checked(page, TITLES[1], "Yes")
    expect_checked(page, "What kind of purpose is it?", flows.PURPOSE_S47)
    expect_checked(page, "What is the legal basis for sharing?", other)
    expect(
        option(page, "What is the legal basis for sharing?", flows.LEGAL_BASIS_S47)
    ).not_to_be_checked()
    expect_checked(page, "Is the sharing within your agency's functions or powers?", "Yes")
    expect_checked(page, "Would anonymised information achieve the purpose?", "No")
    assert_accessible(page)


def test_question_2(open_question):
    page = open_question(2, {1: Q1_PURPOSE})
    flows.save(page)
    expect_errors(
        page, {"Select yes if the information identifies a person": group(page, TITLES[2])}
    )
    flows.answer_q2(page, people=[], submit=False)
    flows.save(page)
    expect_errors(page, {"Select who could be identified": group(page, "Who could be identified?")})
    expect_checked(page, TITLES[2], "Yes")
    assert_accessible(page)


def test_question_3(open_question):
    page = open_question(3, {1: Q1_PURPOSE, 2: Q2_IDENTIFIABLE})
    special = "Does it include any special category or criminal offence information?"
    dpa = "Which Data Protection Act 2018 condition do you rely on?"
    health = cat.label(cat.SPECIAL_CATEGORIES, "health")
    crime = cat.label(cat.SPECIAL_CATEGORIES, "criminal_offences")
    flows.tick(page, special, [health, crime])
    flows.save(page)
    expect_errors(
        page,
        {
            "Select whether the information is confidential": group(page, TITLES[3]),
            "Select the Data Protection Act 2018 condition you rely on": group(page, dpa),
        },
    )
    expect_checked(page, special, health, crime)
    expect(option(page, special, cat.label(cat.SPECIAL_CATEGORIES, "genetic"))).not_to_be_checked()
    assert_accessible(page)


def test_question_4(open_question):
    page = open_question(4, {1: Q1_PURPOSE, 2: Q2_IDENTIFIABLE, 3: Q3_CONFIDENTIAL})
    flows.save(page)
    expect_errors(page, {"Select whether consent was obtained": group(page, TITLES[4])})
    assert_accessible(page)

    flows.answer_q4(page, "obtained", submit=False)  # nothing recorded to rely on
    flows.save(page)
    expect_errors(
        page,
        {
            "Select the consent you rely on, or record it first": group(
                page, "Which consent records do you rely on?"
            )
        },
    )
    expect_checked(page, TITLES[4], cat.label(cat.CONSENT_STATUSES, "obtained"))

    other = cat.label(cat.NOT_SOUGHT_REASONS, "other")
    flows.answer_q4(page, "not_sought", not_sought_reason=other, submit=False)
    flows.save(page)
    expect_errors(
        page,
        {"Explain why consent was not sought": field(page, "Explain why consent was not sought")},
    )
    expect_checked(page, TITLES[4], cat.label(cat.CONSENT_STATUSES, "not_sought"))
    expect_checked(page, "Why was consent not sought?", other)

    flows.answer_q4(page, "could_not_be_obtained", submit=False)
    flows.save(page)
    explain = field(page, "Explain why consent could not be obtained")
    expect_errors(page, {"Explain why consent could not be obtained": explain})
    expect(explain).to_be_visible()
    assert_accessible(page)


def test_question_5(open_question):
    page = open_question(
        5, {1: Q1_PURPOSE, 2: Q2_IDENTIFIABLE, 3: Q3_CONFIDENTIAL, 4: {"consent_status": "refused"}}
    )
    flows.save(page)
    expect_errors(
        page,
        {"Select yes if there is a statutory duty or court order": group(page, TITLES[5])},
    )
    flows.choose(page, TITLES[5], "Yes")
    field(page, "Reference").fill("Order 123 of 3 March")
    flows.save(page)
    expect_errors(page, {"Select the duty or order": group(page, "Which duty or order?")})
    expect_checked(page, TITLES[5], "Yes")
    expect(field(page, "Reference")).to_have_value("Order 123 of 3 March")
    assert_accessible(page)


def test_question_6(open_question):
    page = open_question(
        6,
        {
            1: Q1_PURPOSE,
            2: Q2_IDENTIFIABLE,
            3: Q3_CONFIDENTIAL,
            4: {"consent_status": "refused"},
            5: Q5_NO_DUTY,
        },
    )
    flows.save(page)
    expect_errors(
        page,
        {
            "Select the level of risk of harm at the time": group(
                page, "What is the level of risk of harm at the time?"
            ),
            "Describe what may happen if the information is shared": field(
                page, "What may happen if the information is shared?"
            ),
            "Describe what may happen if it is not shared": field(
                page, "What may happen if it is not shared?"
            ),
            "Explain why sharing is proportionate": field(
                page, "Why is sharing a proportionate response?"
            ),
            "Select yes if you sought advice": group(page, "Did you seek advice?"),
            "Select your conclusion on the public interest": group(
                page, "What is your conclusion?"
            ),
        },
    )
    assert_accessible(page)

    urgency = cat.label(cat.PRESSING_NEED_FACTORS, "urgency")
    dsl = cat.label(cat.ADVICE_SOURCES, "designated_safeguarding_lead")
    caldicott = cat.label(cat.ADVICE_SOURCES, "caldicott_guardian")
    flows.answer_q6(
        page,
        risk="reasonable_cause",
        if_not_shared="",
        proportionate="",
        pressing_need=[urgency],
        advice_from=[dsl, caldicott],
        advice_when=FEBRUARY_31,
        advice_given="",
        submit=False,
    )
    flows.save(page)
    expect_errors(
        page,
        {
            "Describe what may happen if it is not shared": field(
                page, "What may happen if it is not shared?"
            ),
            "Explain why sharing is proportionate": field(
                page, "Why is sharing a proportionate response?"
            ),
            "Date you asked for advice must be a real date": group(page, "When did you ask?"),
            "Describe the advice you were given": field(page, "What did they advise?"),
        },
    )
    expect_checked(
        page,
        "What is the level of risk of harm at the time?",
        cat.label(cat.RISK_LEVELS, "reasonable_cause"),
    )
    expect(field(page, "What may happen if the information is shared?")).to_have_value(
        "Causes of failure to thrive can be identified"
    )
    expect_checked(page, "Which factors show a pressing need to share?", urgency)
    expect_checked(page, "Did you seek advice?", "Yes")
    expect_checked(page, "Who did you ask?", dsl, caldicott)
    expect_date(page, "When did you ask?", FEBRUARY_31)
    expect_checked(
        page, "What is your conclusion?", cat.label(cat.PUBLIC_INTEREST_CONCLUSIONS, "justified")
    )
    assert_accessible(page)


def test_question_7(open_question, other_agency):
    page = open_question(7, {1: Q1_PURPOSE, 2: Q2_ANONYMISED})
    flows.save(page)
    expect_errors(
        page,
        {
            "Describe at least one item of information shared": field(page, "Item 1"),
            "Select the organisation you share with": field(
                page, "Which organisation receives it?"
            ),
            "Enter the name of the person you share with": field(
                page, "Name of the person receiving it"
            ),
            "Enter the recipient's role": field(page, "Their role"),
            "Select how you checked who the recipient is": group(
                page, "How did you check who they are?"
            ),
            "Select how the information is shared": group(page, "How is it shared?"),
            "Enter the date the information is shared": group(page, "When is it shared?"),
            "Select yes if the recipient intends to pass it on": group(
                page, "Does the recipient intend to pass it on?"
            ),
            "Select yes if you explained the limits of any consent": group(
                page, "Have you explained the limits of any consent to the recipient?"
            ),
            "Select whether the person will be told": group(
                page, "Will the person the information is about be told?"
            ),
        },
    )
    assert_accessible(page)

    checklist = flows.ALL_CHECKLIST[:3]
    flows.answer_q7(
        page,
        agency="Another organisation",
        items=[("Weight has fallen below the 2nd centile", "Choose"), ("", "Opinion")],
        recipient_name="Jo Bloggs",
        recipient_role="",
        verification="known",
        method="telephone",
        written_confirmation="",
        shared_on=FEBRUARY_31,
        checklist=checklist,
        onward="Yes",
        limits_explained="Yes",
        person_told="not_told",
        submit=False,
    )
    flows.save(page)
    expect_errors(
        page,
        {
            "Select whether item 1 is fact, opinion or hypothesis": field(
                page, "Is item 1 fact, opinion or hypothesis?"
            ),
            "Describe item 2, or clear its fact, opinion or hypothesis choice": field(
                page, "Item 2"
            ),
            "Enter the name of the organisation": field(page, "Name of the organisation"),
            "Enter the recipient's role": field(page, "Their role"),
            "Select yes if it will be confirmed in writing": group(
                page, "Will the verbal sharing be confirmed in writing?"
            ),
            "Date the information is shared must be a real date": group(page, "When is it shared?"),
            "Select yes if your agency agreed": group(page, "Has your agency agreed to that?"),
            "Explain why the person will not be told": field(page, "Why will they not be told?"),
        },
    )
    expect(field(page, "Item 1")).to_have_value("Weight has fallen below the 2nd centile")
    expect(field(page, "Is item 2 fact, opinion or hypothesis?")).to_have_value("opinion")
    expect(field(page, "Which organisation receives it?")).to_have_value("0")
    expect(field(page, "Name of the person receiving it")).to_have_value("Jo Bloggs")
    expect_checked(page, "How did you check who they are?", cat.label(cat.VERIFICATION, "known"))
    expect_checked(page, "How is it shared?", cat.label(cat.METHODS, "telephone"))
    expect_date(page, "When is it shared?", FEBRUARY_31)
    expect_checked(page, "Check the information you share is:", *checklist)
    expect(
        option(page, "Check the information you share is:", flows.ALL_CHECKLIST[-1])
    ).not_to_be_checked()
    expect_checked(page, "Does the recipient intend to pass it on?", "Yes")
    expect_checked(page, "Have you explained the limits of any consent to the recipient?", "Yes")
    expect_checked(
        page,
        "Will the person the information is about be told?",
        cat.label(cat.PERSON_TOLD, "not_told"),
    )
    assert_accessible(page)


def test_question_8(open_question, other_agency):
    asked = {
        "kind": "request_received",
        "requester_agency": other_agency.pk,
        "requester_name": "DC Smith",
        "received_on_0": "3",
        "received_on_1": "3",
        "received_on_2": "2026",
        "request_details": "Any concerns about the child",
    }
    page = open_question(8, {1: {"has_purpose": "no"}}, start=asked)
    flows.save(page)
    expect_errors(
        page,
        {
            "Select your decision": group(page, "Your decision"),
            "Enter the reasons for your decision": field(page, "Your reasons"),
        },
    )
    assert_accessible(page)

    flows.answer_q8(
        page,
        decision="do_not_share",
        reasons="No legitimate purpose",
        authorised_by="",
        risk_assessment="None needed",
        submit=False,
    )
    flows.save(page)
    discussed = "Have you discussed your reasons with the person who asked?"
    expect_errors(
        page,
        {"Select yes if you discussed your reasons with the requester": group(page, discussed)},
    )
    expect_checked(page, "Your decision", cat.label(cat.DECISIONS, "do_not_share"))
    expect(field(page, "Your reasons")).to_have_value("No legitimate purpose")
    expect(field(page, "What risk assessment was done?")).to_have_value("None needed")

    flows.choose(page, "Your decision", cat.label(cat.DECISIONS, "share"))
    flows.choose(page, discussed, "No")
    flows.save(page)
    expect_errors(
        page, {"Enter who authorised the sharing": field(page, "Who authorised the decision?")}
    )
    expect_checked(page, discussed, "No")
    assert_accessible(page)


# --- the consent form ---------------------------------------------------------------------


def test_consent_form(page, allocated_case, other_agency, tmp_path):
    sign_in(page, "practitioner")
    page.goto(f"/cases/{allocated_case.pk}/consents/new/")
    save = page.get_by_role("button", name="Save consent record")
    save.click()
    expect_errors(
        page,
        {
            "Select who was asked for consent": group(page, "Who was asked?"),
            "Enter the full name of the person asked": field(page, "Their full name"),
            "Select how consent was given or refused": group(
                page, "How was consent given or refused?"
            ),
            "Select the answer they gave": group(page, "What was the answer?"),
            "Enter the date of the answer": group(page, "When did they answer?"),
        },
    )
    assert_accessible(page)

    child = consent_cat.label(consent_cat.CONSENT_GIVER_ROLES, "child")
    criteria = [e.label for e in consent_cat.GILLICK_CRITERIA[:2]]
    told = flows.ALL_TOLD[:2]
    not_a_pdf = tmp_path / "consent.pdf"
    not_a_pdf.write_bytes(b"This is not a PDF, whatever its name says.\n")
    flows.fill_consent(
        page,
        who="child",
        name="Amelia Clarke",
        told=told,
        signed_form=not_a_pdf,
        answered_on=FEBRUARY_31,
        purposes=[],
        agencies=[],
    )
    flows.tick(page, "Which of these did the child show?", criteria)
    save.click()
    expect_errors(
        page,
        {
            "Select whether the child can make their own decision": group(
                page, "Is the child able to make their own decision about sharing?"
            ),
            "Consent must be informed: record that they were told all four things "
            "(L 4.3.11, 4.3.28)": group(page, "What were they told?"),
            "The signed form must be a PDF, PNG or JPEG": field(page, "Upload the signed form"),
            "Date of the answer must be a real date": group(page, "When did they answer?"),
            "Select the purposes the consent covers": group(page, "For which purposes?"),
            "Select the organisations the consent covers": group(page, "With which organisations?"),
        },
    )
    expect(page.get_by_text("If you chose a file, choose it again")).to_be_visible()
    expect_checked(page, "Who was asked?", child)
    expect(page.get_by_test_id("capacity-hint")).to_be_visible()
    expect_checked(page, "Which of these did the child show?", *criteria)
    expect(field(page, "Their full name")).to_have_value("Amelia Clarke")
    expect_checked(page, "What were they told?", *told)
    expect(option(page, "What were they told?", flows.ALL_TOLD[2])).not_to_be_checked()
    expect_checked(
        page,
        "How was consent given or refused?",
        consent_cat.label(consent_cat.CONSENT_FORMS, "explicit_written"),
    )
    expect_checked(
        page, "What was the answer?", consent_cat.label(consent_cat.CONSENT_OUTCOMES, "given")
    )
    expect_date(page, "When did they answer?", FEBRUARY_31)
    expect(field(page, "What information does the consent cover?")).to_have_value(
        "Health visitor notes about the baby's weight"
    )
    assert_accessible(page)

    # A date in the future, and a verbal refusal with no details of the conversation.
    tomorrow = flows.TODAY + datetime.timedelta(days=1)
    flows.fill_date(page, "When did they answer?", tomorrow)
    verbal = consent_cat.label(consent_cat.CONSENT_FORMS, "explicit_verbal")
    flows.reveal(page, "How was consent given or refused?", verbal, "Details of the conversation")
    flows.choose(
        page, "What was the answer?", consent_cat.label(consent_cat.CONSENT_OUTCOMES, "refused")
    )
    flows.choose(
        page,
        "Is the child able to make their own decision about sharing?",
        "Yes, the child has sufficient understanding",
    )
    save.click()
    expect_errors(
        page,
        {
            "Record the details of the verbal consent (L 4.3.12)": field(
                page, "Details of the conversation"
            ),
            "Date of the answer must be today or in the past": group(page, "When did they answer?"),
        },
    )
    expect_date(page, "When did they answer?", tomorrow)
    expect_checked(page, "How was consent given or refused?", verbal)
