"""Bad input on every page of a decision, and on the consent form, in Chromium.

Each page is sent with nothing answered: every problem must be said beside its field and,
in the same words, as a link in the error summary that lands on an input of that field;
the page with its errors must pass axe. Pages that take more than choices are sent again
half filled in, and everything typed, chosen or ticked must still be there.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consent import catalogues as consent_cat
from sharing import catalogues as cat
from sharing import journey, services
from sharing.forms import FORMS
from sharing.presenters import page_url
from tests.browser import flows
from tests.browser.flows import (
    expect_date,
    expect_errors,
    field,
    group,
    no_javascript_errors,  # noqa: F401  (autouse)
    option,
)
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.sharing import TODAY, consent_given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEBRUARY_31 = ("31", "2", "2026")
SERVICE = "Record an information-sharing decision"

# Stored answers (as the pages save them) that make each question's pages needed.
Q1 = {
    "has_purpose": True,
    "purpose_category": "child_protection_enquiry",
    "purpose": "Protect the child",
    "legal_bases": ["ca1989_s47"],
    "legal_basis_other": "",
    "within_functions": True,
    "need_to_know": True,
    "anonymised_would_do": False,
}
Q2 = {"identifiable": True, "identifiable_people": ["child"], "identity_at_risk": True}
Q3 = {"relationship": "formal", "confidential": True, "special_category": ["health"]}
Q4 = {"consent_status": "refused", "not_sought_reason": ""}
Q5 = {"statutory_duty": False}
Q6 = {"risk_level": "reasonable_cause", "advice_sought": True, "advice_from": ["line_manager"]}
ANONYMISED = {"identifiable": False, "identifiable_people": []}
Q7 = {"items": [{"text": "Bruises", "nature": "fact"}], "private_law": True}
Q7_PHONE = {**Q7, "method": "telephone", "onward_disclosure": True}

PRIOR = {1: {}, 2: {1: Q1}, 3: {1: Q1, 2: Q2}, 4: {1: Q1, 2: Q2, 3: Q3}}
PRIOR |= {5: {**PRIOR[4], 4: Q4}, 6: {**PRIOR[4], 4: Q4, 5: Q5}}
PRIOR |= {7: {1: Q1, 2: ANONYMISED}, 8: {1: {"has_purpose": False, "purpose_category": ""}}}
# Each question's answers that make all its pages needed (question 4: by page).
OWN: dict[int, dict[str, Any]] = {
    1: Q1,
    2: Q2,
    3: Q3,
    5: {"statutory_duty": True},
    6: Q6,
    7: Q7_PHONE,
    8: {},
}
OWN_4 = {
    "consents": {"consent_status": "obtained"},
    "parents": {"consent_status": "obtained"},
    "refusals": {"consent_status": "refused"},
    "other-reason": {"consent_status": "not_sought", "not_sought_reason": "other"},
    "not-obtained": {"consent_status": "could_not_be_obtained"},
}
# Pages that insist on nothing (a checklist to tick, refusals if any are recorded), and
# the best-interests page, which needs consent records (tested on its own below).
NOTHING_REQUIRED = {"7/checklist", "4/refusals"}


def before(ref: str) -> dict[int, dict[str, Any]]:
    """The stored answers that bring a page up empty: the questions before it, and of its
    own question the pages before it."""
    spec = journey.BY_REF[ref]
    number = spec.question
    if ref == "7/consent-limits":  # consent given, not recorded yet: the consent route
        prior = {**PRIOR[4], 4: {"consent_status": "obtained", "consent_ids": []}}
        prior[2] = {**Q2, "identity_at_risk": False}
    else:
        prior = dict(PRIOR[number])
    own = OWN_4.get(spec.slug, {}) if number == 4 else OWN[number]
    keys = []
    for earlier in journey.pages_of(number):
        if earlier == spec:
            break
        keys += earlier.keys
    mine = {key: own[key] for key in keys if key in own}
    return {**prior, number: mine} if mine else prior


def draft(case, author, answers: dict[int, dict[str, Any]]):
    """A draft saved through the services the pages use, page by page."""
    decision = services.decision_start(
        actor=author, case=case, kind="proactive", start={"prompted_by": "Concerns at school"}
    )
    for number, stored in answers.items():
        for spec in journey.pages_of(number):
            mine = {key: stored[key] for key in spec.keys if key in stored}
            if mine:
                decision = services.decision_save_answer(
                    actor=author, decision=decision, number=number, page=spec.slug, answers=mine
                )
    return decision


@pytest.fixture
def open_page(page, allocated_case, practitioner):
    sign_in(page, "practitioner")

    def go(ref: str) -> Page:
        decision = draft(allocated_case, practitioner, before(ref))
        spec = journey.BY_REF[ref]
        page.goto(page_url(decision.pk, spec))
        flows.expect_question(page, spec.question)
        return page

    return go


def expect_every_error_beside_its_field(page: Page) -> None:
    """The error summary, and each of its messages beside the field its link lands on."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    links = summary.get_by_role("link").all()
    assert links, "no errors listed"
    for link in links:
        anchor = (link.get_attribute("href") or "").lstrip("#")
        target = page.locator(f"[id='{anchor}']")
        expect(target, f"error summary link #{anchor} has no target").to_have_count(1)
        box = target.locator(
            "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '),"
            " ' govuk-form-group--error ')][1]"
        )
        expect(
            box.locator(".govuk-error-message").filter(has_text=link.inner_text())
        ).to_have_count(1)


PAGES_WITH_SOMETHING_REQUIRED = [
    spec.ref
    for spec in journey.PAGES
    # The agreement page is asked only when the two agencies signed an agreement that
    # covers both: its empty-page test is in tests/agreements/test_decision_clause.py.
    if spec.ref not in NOTHING_REQUIRED and spec.ref not in ("4/best-interests", "1/agreement")
]


@pytest.mark.parametrize("ref", PAGES_WITH_SOMETHING_REQUIRED)
def test_a_page_sent_empty_says_what_is_missing_beside_each_field(open_page, ref):
    page = open_page(ref)
    assert_accessible(page)
    # Clear anything filled in for you (today's date on the method page).
    for box in page.locator("main input[type=text]").all():
        box.fill("")
    flows.save(page)
    expect_every_error_beside_its_field(page)
    expect(page).to_have_title(
        f"{FORMS[ref].title} - Error - Record an information-sharing decision - GOV.UK"
    )
    assert_accessible(page)


def test_the_best_interests_page_when_a_child_able_to_decide_refused(
    page, allocated_case, practitioner, other_agency
):
    consent_given(allocated_case, agencies=[other_agency], recorded_by=practitioner)
    consent_given(
        allocated_case,
        agencies=[],
        recorded_by=practitioner,
        giver_role="child",
        competent=True,
        outcome="refused",
    )
    sign_in(page, "practitioner")
    decision = draft(allocated_case, practitioner, {1: Q1, 2: Q2, 3: Q3})
    parent = next(c for c in allocated_case.consents.all() if c.outcome == "given")
    services.decision_save_answer(
        actor=practitioner,
        decision=decision,
        number=4,
        page="",
        answers={"consent_status": "obtained", "not_sought_reason": ""},
    )
    services.decision_save_answer(
        actor=practitioner,
        decision=decision,
        number=4,
        page="consents",
        answers={"consent_ids": [parent.pk]},
    )
    page.goto(page_url(decision.pk, journey.BY_REF["4/best-interests"]))
    expect(
        page.get_by_role("heading", name="A child who can decide for themselves refused")
    ).to_be_visible()
    flows.choose(page, "Are you overriding the child's refusal in their best interests?", "Yes")
    flows.save(page)
    expect_errors(
        page,
        {
            "Say why it is in the child's best interests": field(
                page, "If yes, why is it in the child's best interests?"
            )
        },
    )
    assert_accessible(page)


def test_question_1_keeps_what_was_typed(open_page):
    page = open_page("1/legal-basis")
    other = cat.label(cat.LEGAL_BASES, "other")
    page.get_by_text("Show other legal bases", exact=True).click()
    flows.tick(page, "Other legal bases", [other])
    flows.save(page)
    expect_errors(
        page,
        {
            "Describe the other legal basis": field(
                page, "If you chose another legal basis, describe it"
            )
        },
    )
    expect(option(page, "Other legal bases", other)).to_be_checked()
    assert_accessible(page)


def test_question_6_keeps_what_was_typed(open_page):
    page = open_page("6/advice-details")
    field(page, "What did they advise?").fill("Refer today")
    flows.fill_date(page, "When did you ask?", FEBRUARY_31)
    flows.save(page)
    expect_errors(
        page,
        {"Date you asked for advice must be a real date": group(page, "When did you ask?")},
    )
    expect_date(page, "When did you ask?", FEBRUARY_31)
    expect(field(page, "What did they advise?")).to_have_value("Refer today")
    flows.fill_date(page, "When did you ask?", TODAY + datetime.timedelta(days=365))
    flows.save(page)
    expect_errors(
        page,
        {
            "Date you asked for advice must be today or in the past": group(
                page, "When did you ask?"
            )
        },
    )
    assert_accessible(page)


def test_question_7_keeps_what_was_typed_and_lists_errors_in_page_order(open_page):
    page = open_page("7")
    field(page, "Item 1: what will be shared").fill("Bruises on both arms")
    page.get_by_role("button", name="Add another item").click()
    flows.choose(page, "Is item 2 a fact, an opinion or a hypothesis?", "Opinion")
    page.get_by_role("button", name="Add another item").click()
    field(page, "Item 3: what will be shared").fill("Seemed frightened")
    flows.choose(page, flows.PRIVATE_LAW_LEGEND, "No")
    flows.save(page)
    expect_errors(
        page,
        {
            "Select whether item 1 is a fact, an opinion or a hypothesis": group(
                page, "Is item 1 a fact, an opinion or a hypothesis?"
            ),
            "Describe item 2, or remove it": field(page, "Item 2: what will be shared"),
            "Select whether item 3 is a fact, an opinion or a hypothesis": group(
                page, "Is item 3 a fact, an opinion or a hypothesis?"
            ),
        },
    )
    links = page.locator(".govuk-error-summary a").all_inner_texts()
    numbers = [next(w for w in link.replace(",", "").split() if w.isdigit()) for link in links]
    assert numbers == ["1", "2", "3"]  # in page order
    expect(field(page, "Item 1: what will be shared")).to_have_value("Bruises on both arms")
    expect(option(page, "Is item 2 a fact, an opinion or a hypothesis?", "Opinion")).to_be_checked()
    expect(field(page, "Item 3: what will be shared")).to_have_value("Seemed frightened")
    assert_accessible(page)
    page.get_by_role("button", name="Remove item 2").click()
    expect(field(page, "Item 2: what will be shared")).to_have_value("Seemed frightened")
    assert_accessible(page)


def test_question_7_dates(open_page):
    page = open_page("7/method")
    flows.choose(page, "How will it be shared?", cat.label(cat.METHODS, "telephone"))
    flows.fill_date(page, "When will it be shared?", FEBRUARY_31)
    flows.fill_date(page, "Until when may they use it? (optional)", TODAY)
    flows.save(page)
    expect_errors(
        page,
        {
            "Date the information is shared must be a real date": group(
                page, "When will it be shared?"
            ),
            "Date they may use it until must be after today": group(
                page, "Until when may they use it? (optional)"
            ),
        },
    )
    expect(
        option(page, "How will it be shared?", cat.label(cat.METHODS, "telephone"))
    ).to_be_checked()
    expect_date(page, "When will it be shared?", FEBRUARY_31)
    assert_accessible(page)


# --- the start, what it is about, and the consent form --------------------------------------


def test_the_start_and_the_request(page, allocated_case, other_agency):
    sign_in(page, "practitioner")
    page.goto(f"/cases/{allocated_case.pk}/decisions/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    expect_errors(
        page,
        {
            "Select what kind of information sharing this is": group(
                page, "What kind of information sharing is this?"
            )
        },
    )
    assert_accessible(page)
    flows.choose(
        page,
        "What kind of information sharing is this?",
        cat.label(cat.DECISION_KINDS, "request_received"),
    )
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", name="The request")).to_be_visible()
    field(page, "Who asked?").fill("DC Smith")
    flows.fill_date(page, "When did the request arrive?", FEBRUARY_31)
    flows.save(page)
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
    expect(field(page, "Who asked?")).to_have_value("DC Smith")
    expect_date(page, "When did the request arrive?", FEBRUARY_31)
    assert_accessible(page)
    field(page, "Which organisation asked?").select_option(label=other_agency.name)
    flows.fill_date(page, "When did the request arrive?", datetime.date(2026, 2, 28))
    field(page, "What did they ask for?").fill("School attendance")
    flows.save(page)
    expect(page.get_by_test_id("draft-name")).to_have_text(
        f"Request from {other_agency.name}: School attendance"
    )


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
            "Consent must be informed: record that they were told all four things": group(
                page, "What were they told?"
            ),
            "The signed form must be a PDF, PNG or JPEG": field(
                page, "If it was in writing, upload the signed form"
            ),
            "Date of the answer must be a real date": group(page, "When did they answer?"),
            "Select the purposes the consent covers": group(page, "For which purposes?"),
            "Select the organisations the consent covers": group(page, "With which organisations?"),
        },
    )
    expect(page.get_by_text("If you chose a file, choose it again")).to_be_visible()
    expect(option(page, "Who was asked?", child)).to_be_checked()
    expect(page.get_by_test_id("capacity-hint")).to_be_visible()
    for label in criteria:
        expect(option(page, "Which of these did the child show?", label)).to_be_checked()
    expect(field(page, "Their full name")).to_have_value("Amelia Clarke")
    expect_date(page, "When did they answer?", FEBRUARY_31)
    assert_accessible(page)

    tomorrow = TODAY + datetime.timedelta(days=1)
    flows.fill_date(page, "When did they answer?", tomorrow)
    flows.choose(
        page,
        "How was consent given or refused?",
        consent_cat.label(consent_cat.CONSENT_FORMS, "explicit_verbal"),
    )
    field(page, "If it was verbal or implied, give the details").fill("")
    flows.choose(
        page, "What was the answer?", consent_cat.label(consent_cat.CONSENT_OUTCOMES, "refused")
    )
    flows.choose(
        page, "Is the child able to make their own decision about sharing?", "Not assessed yet"
    )
    save.click()
    expect_errors(
        page,
        {
            "Record the details of the verbal consent or refusal": field(
                page, "If it was verbal or implied, give the details"
            ),
            "Date of the answer must be today or in the past": group(page, "When did they answer?"),
        },
    )
    expect_date(page, "When did they answer?", tomorrow)
    assert_accessible(page)
