"""Answering the decision pages in Chromium, the way a practitioner does: by their labels.

Each ``answer_qN`` waits for its page ("Question N of 8"), fills it in, optionally runs
axe on the page as filled in (so conditionally revealed fields are checked too) and
presses "Save and continue". The defaults follow tests/factories/sharing.py, so the
branches they lead to are the ones tests/sharing/test_flow.py shows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from consent import catalogues as consent_cat
from sharing import catalogues as cat
from tests.browser.helpers import assert_accessible

TODAY = timezone.localdate()  # the server's today (Europe/London)
ALL_CHECKLIST = [entry.label for entry in cat.SHARING_CHECKLIST]
ALL_TOLD = [entry.label for entry in consent_cat.TOLD_ITEMS]
PURPOSE_S47 = consent_cat.label(consent_cat.PURPOSES, "child_protection_enquiry")


def recommendation(code: str) -> str:
    """The label the record shows for a sharing.catalogues.RECOMMENDATIONS code."""
    return cat.label(cat.RECOMMENDATIONS, code)


@pytest.fixture(autouse=True)
def no_javascript_errors(page: Page):
    """govuk-frontend must load and start on every page without an error (the conditional
    questions depend on it). Import this into a test module to apply it there."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    yield
    assert not errors, errors


# --- finding things by their GOV.UK labels ------------------------------------------------


def group(scope: Page | Locator, legend: str) -> Locator:
    """The fieldset whose legend is ``legend`` (radios, checkboxes, date inputs)."""
    return scope.get_by_role("group", name=legend, exact=True)


_DEPTH = (
    "el => { let n = 0;"
    " for (let p = el; p; p = p.parentElement) if (p.tagName === 'FIELDSET') n++; return n }"
)


def option(scope: Page | Locator, legend: str, label: str) -> Locator:
    """One radio or checkbox of a fieldset. A conditional reveal sits inside its
    question's fieldset (Yes, [revealed Yes/No], No), so only the inputs whose nearest
    fieldset is this one count."""
    fieldset = group(scope, legend)
    depth = fieldset.evaluate(_DEPTH)
    own = fieldset.locator(f"xpath=.//input[count(ancestor::fieldset) = {depth}]")
    return fieldset.get_by_label(label, exact=True).and_(own)


def choose(scope: Page | Locator, legend: str, label: str) -> None:
    option(scope, legend, label).check()


def tick(scope: Page | Locator, legend: str, labels: Iterable[str]) -> None:
    for label in labels:
        option(scope, legend, label).check()


def date_parts(scope: Page | Locator, legend: str) -> tuple[Locator, Locator, Locator]:
    fieldset = group(scope, legend)
    return (
        fieldset.get_by_label("Day", exact=True),
        fieldset.get_by_label("Month", exact=True),
        fieldset.get_by_label("Year", exact=True),
    )


def fill_date(scope: Page | Locator, legend: str, day: datetime.date | tuple[str, str, str]):
    values = (
        (str(day.day), str(day.month), str(day.year)) if isinstance(day, datetime.date) else day
    )
    for part, value in zip(date_parts(scope, legend), values, strict=True):
        part.fill(value)


def expect_date(scope: Page | Locator, legend: str, day: datetime.date | tuple[str, str, str]):
    values = (
        (str(day.day), str(day.month), str(day.year)) if isinstance(day, datetime.date) else day
    )
    for part, value in zip(date_parts(scope, legend), values, strict=True):
        expect(part).to_have_value(value)


def field(scope: Page | Locator, label: str) -> Locator:
    return scope.get_by_label(label, exact=True)


def reveal(scope: Page | Locator, legend: str, label: str, revealed: str | Locator) -> None:
    """Choose an option and check that what it reveals opens (govuk-frontend's JS).
    ``revealed`` is a field's label, or a locator (a fieldset: see ``group``)."""
    target = field(scope, revealed) if isinstance(revealed, str) else revealed
    expect(target).to_be_hidden()
    choose(scope, legend, label)
    expect(target).to_be_visible()


def expect_question(page: Page, number: int) -> None:
    expect(page.get_by_test_id("progress")).to_contain_text(f"Question {number} of 8")


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def _done(page: Page, a11y: bool, submit: bool = True) -> None:
    if a11y:
        assert_accessible(page)
    if submit:
        save(page)


def form_group(target: Locator) -> Locator:
    """The GOV.UK form group a field (or a fieldset of radios, checkboxes or a date) is in."""
    return target.locator(
        "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '),"
        " ' govuk-form-group ')][1]"
    )


def expect_errors(page: Page, beside: dict[str, Locator]) -> None:
    """Exactly these messages in the error summary, each also beside its own field
    (GOV.UK error pattern); ``beside`` maps each message to its field or fieldset."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    links = summary.get_by_role("link").all_inner_texts()
    assert sorted(links) == sorted(beside), links
    for message, target in beside.items():
        box = form_group(target)
        expect(box).to_have_class(re.compile(r"\bgovuk-form-group--error\b"))
        expect(box.locator(".govuk-error-message").filter(has_text=message)).to_have_count(1)
        expect(page.locator(".govuk-error-message").filter(has_text=message)).to_have_count(1)
    # Each summary link lands on an input inside that field's form group.
    for link in summary.get_by_role("link").all():
        anchor = (link.get_attribute("href") or "").lstrip("#")
        target = page.locator(f"[id='{anchor}']")
        expect(target, f"error summary link #{anchor} has no target").to_have_count(1)
        group_in_error = target.locator(
            "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '),"
            " ' govuk-form-group--error ')][1]"
        )
        message = link.inner_text()
        expect(
            group_in_error.locator(".govuk-error-message").filter(has_text=message)
        ).to_have_count(1)
    expect(page).to_have_title(re.compile(r"Error"))


def summary_value(page: Page, key: str) -> Locator:
    """The value beside ``key`` (exactly) in a summary list: a record's answers."""
    return (
        page.locator(".govuk-summary-list__row")
        .filter(has=page.locator(".govuk-summary-list__key").get_by_text(key, exact=True))
        .locator(".govuk-summary-list__value")
    )


# --- the start page ---------------------------------------------------------------------


def start_decision(
    page: Page,
    case,
    kind: str = "proactive",
    *,
    prompted_by: str = "Concerns raised at school",
    agency: str = "",
    requester_name: str = "DC Smith, child abuse investigation team",
    received_on: datetime.date = TODAY,
    request_details: str = "Any concerns about the child",
    asking_for: str = "Health visitor notes",
    a11y: bool = False,
) -> None:
    """From the case page: "Record a decision", then the kind of sharing."""
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("button", name="Record a decision").click()
    expect(
        page.get_by_role("heading", name="Record an information-sharing decision")
    ).to_be_visible()
    legend = "What kind of information sharing is this?"
    if kind == "proactive":
        reveal(
            page,
            legend,
            cat.label(cat.DECISION_KINDS, kind),
            "What has prompted you to consider sharing?",
        )
        field(page, "What has prompted you to consider sharing?").fill(prompted_by)
    elif kind == "request_received":
        reveal(page, legend, cat.label(cat.DECISION_KINDS, kind), "Who asked? (name and role)")
        field(page, "Which organisation asked?").select_option(label=agency)
        field(page, "Who asked? (name and role)").fill(requester_name)
        fill_date(page, "When did the request arrive?", received_on)
        field(page, "What did they ask for?").fill(request_details)
    else:
        reveal(page, legend, cat.label(cat.DECISION_KINDS, kind), "What are you asking for?")
        field(page, "Which organisation are you asking?").select_option(label=agency)
        field(page, "What are you asking for?").fill(asking_for)
    if a11y:
        assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect_question(page, 1)


# --- the eight questions ----------------------------------------------------------------

TITLES = {
    1: "Is there a legitimate purpose to share the information?",
    2: "Does the information enable a person to be identified?",
    3: "Is the information confidential?",
    4: "Has consent to share been obtained?",
    5: "Is there a statutory duty or court order to share?",
    6: "Is there sufficient public interest to share without consent?",
    7: "Is the right information being shared in the right way?",
    8: "What is your decision, and why?",
}

Q1_PURPOSE = "To protect the child from significant harm"
LEGAL_BASIS_S47 = cat.label(cat.LEGAL_BASES, "ca1989_s47")


def answer_q1(
    page: Page,
    *,
    has_purpose: bool = True,
    purpose: str = Q1_PURPOSE,
    category: str = PURPOSE_S47,
    legal_bases: Iterable[str] = (LEGAL_BASIS_S47,),
    within_functions: str = "Yes",
    need_to_know: str = "Yes",
    anonymised_would_do: str = "No",
    recipient_will_pass_on: str = "No",  # noqa: S107 (not a password)
    a11y: bool = False,
    submit: bool = True,
) -> None:
    expect_question(page, 1)
    if not has_purpose:
        choose(page, TITLES[1], "No")
        return _done(page, a11y, submit)
    reveal(page, TITLES[1], "Yes", "Describe the purpose in your own words")
    field(page, "Describe the purpose in your own words").fill(purpose)
    if category:
        choose(page, "What kind of purpose is it?", category)
    tick(page, "What is the legal basis for sharing?", legal_bases)
    for legend, answer in (
        ("Is the sharing within your agency's functions or powers?", within_functions),
        ("Does the recipient have a genuine need to know?", need_to_know),
        ("Would anonymised information achieve the purpose?", anonymised_would_do),
        ("Will the recipient pass the information on to anyone else?", recipient_will_pass_on),
    ):
        if answer:
            choose(page, legend, answer)
    _done(page, a11y, submit)


IDENTIFIABLE_DEFAULT = (
    cat.label(cat.IDENTIFIABLE_PEOPLE, "child"),
    cat.label(cat.IDENTIFIABLE_PEOPLE, "parent_carer"),
)


def answer_q2(
    page: Page,
    *,
    identifiable: bool = True,
    people: Iterable[str] = IDENTIFIABLE_DEFAULT,
    a11y: bool = False,
    submit: bool = True,
) -> None:
    expect_question(page, 2)
    if identifiable:
        choose(page, TITLES[2], "Yes")
        expect(group(page, "Who could be identified?")).to_be_visible()
        tick(page, "Who could be identified?", people)
    else:
        choose(page, TITLES[2], "No")
    _done(page, a11y, submit)


def answer_q3(
    page: Page,
    *,
    relationship: str = "formal",
    special: Iterable[str] = (),
    dpa_condition: str = "",
    a11y: bool = False,
    submit: bool = True,
) -> None:
    expect_question(page, 3)
    choose(page, TITLES[3], cat.label(cat.CONFIDENTIALITY_RELATIONSHIPS, relationship))
    tick(page, "Does it include any special category or criminal offence information?", special)
    if dpa_condition:
        choose(page, "Which Data Protection Act 2018 condition do you rely on?", dpa_condition)
    _done(page, a11y, submit)


def answer_q4(
    page: Page,
    status: str = "refused",
    *,
    consents: Iterable[str] = (),
    refusals: Iterable[str] = (),
    not_sought_reason: str = "",
    explanation: str = "",
    a11y: bool = False,
    submit: bool = True,
) -> None:
    expect_question(page, 4)
    choose(page, TITLES[4], cat.label(cat.CONSENT_STATUSES, status))
    if status == "obtained":
        expect(group(page, "Which consent records do you rely on?")).to_be_visible()
        tick(page, "Which consent records do you rely on?", consents)
    elif status == "refused":
        expect(group(page, "Which refusals are recorded?")).to_be_visible()
        tick(page, "Which refusals are recorded?", refusals)
    elif status == "not_sought":
        expect(group(page, "Why was consent not sought?")).to_be_visible()
        if not_sought_reason:
            choose(page, "Why was consent not sought?", not_sought_reason)
        if explanation:
            field(page, "Explain why consent was not sought").fill(explanation)
    elif explanation:
        field(page, "Explain why consent could not be obtained").fill(explanation)
    _done(page, a11y, submit)


def answer_q5(
    page: Page,
    *,
    duty: str = "",
    reference: str = "DC Smith, section 47 request of 3 March",
    a11y: bool = False,
    submit: bool = True,
) -> None:
    """``duty`` is a STATUTORY_DUTIES code; empty for "No"."""
    expect_question(page, 5)
    if not duty:
        choose(page, TITLES[5], "No")
        return _done(page, a11y, submit)
    reveal(page, TITLES[5], "Yes", "Reference")
    choose(page, "Which duty or order?", cat.label(cat.STATUTORY_DUTIES, duty))
    field(page, "Reference").fill(reference)
    _done(page, a11y, submit)


def answer_q6(
    page: Page,
    *,
    risk: str = "reasonable_cause",
    conclusion: str = "justified",
    if_shared: str = "Causes of failure to thrive can be identified",
    if_not_shared: str = "Baby may continue to suffer harm",
    proportionate: str = "Only the health visitor notes are shared",
    pressing_need: Iterable[str] = (cat.label(cat.PRESSING_NEED_FACTORS, "urgency"),),
    advice: bool = True,
    advice_from: Iterable[str] = (cat.label(cat.ADVICE_SOURCES, "designated_safeguarding_lead"),),
    advice_when: datetime.date | tuple[str, str, str] = TODAY,
    advice_given: str = "Share with children's social care",
    a11y: bool = False,
    submit: bool = True,
) -> None:
    expect_question(page, 6)
    choose(page, "What is the level of risk of harm at the time?", cat.label(cat.RISK_LEVELS, risk))
    field(page, "What may happen if the information is shared?").fill(if_shared)
    field(page, "What may happen if it is not shared?").fill(if_not_shared)
    field(page, "Why is sharing a proportionate response?").fill(proportionate)
    tick(page, "Which factors show a pressing need to share?", pressing_need)
    if advice:
        reveal(page, "Did you seek advice?", "Yes", "What did they advise?")
        tick(page, "Who did you ask?", advice_from)
        fill_date(page, "When did you ask?", advice_when)
        field(page, "What did they advise?").fill(advice_given)
    else:
        choose(page, "Did you seek advice?", "No")
    choose(page, "What is your conclusion?", cat.label(cat.PUBLIC_INTEREST_CONCLUSIONS, conclusion))
    _done(page, a11y, submit)


ITEMS = (
    ("Weight has fallen below the 2nd centile", "Fact"),
    ("Parent seems reluctant to attend appointments", "Opinion"),
)


def answer_q7(
    page: Page,
    *,
    agency: str,
    items: Iterable[tuple[str, str]] = ITEMS,
    recipient_name: str = "Jo Bloggs",
    recipient_role: str = "Duty social worker",
    verification: str = "called_back",
    method: str = "secure_email",
    written_confirmation: str = "Yes",
    shared_on: datetime.date | tuple[str, str, str] = TODAY,
    checklist: Iterable[str] = ALL_CHECKLIST,
    onward: str = "No",
    limits_explained: str = "Yes",
    person_told: str = "will_be_told",
    not_told_reason: str = "",
    a11y: bool = False,
    submit: bool = True,
) -> None:
    """``agency`` is an organisation's name as the select lists it."""
    expect_question(page, 7)
    for n, (text, nature) in enumerate(items, start=1):
        field(page, f"Item {n}").fill(text)
        field(page, f"Is item {n} fact, opinion or hypothesis?").select_option(label=nature)
    field(page, "Which organisation receives it?").select_option(label=agency)
    field(page, "Name of the person receiving it").fill(recipient_name)
    field(page, "Their role").fill(recipient_role)
    choose(page, "How did you check who they are?", cat.label(cat.VERIFICATION, verification))
    choose(page, "How is it shared?", cat.label(cat.METHODS, method))
    if written_confirmation and cat.get(cat.METHODS, method).verbal:
        choose(page, "Will the verbal sharing be confirmed in writing?", written_confirmation)
    fill_date(page, "When is it shared?", shared_on)
    tick(page, "Check the information you share is:", checklist)
    if onward == "Yes":
        reveal(
            page,
            "Does the recipient intend to pass it on?",
            "Yes",
            group(page, "Has your agency agreed to that?"),
        )
    elif onward:
        choose(page, "Does the recipient intend to pass it on?", onward)
    if limits_explained:
        choose(
            page, "Have you explained the limits of any consent to the recipient?", limits_explained
        )
    choose(
        page,
        "Will the person the information is about be told?",
        cat.label(cat.PERSON_TOLD, person_told),
    )
    if not_told_reason:
        field(page, "Why will they not be told?").fill(not_told_reason)
    _done(page, a11y, submit)


def answer_q8(
    page: Page,
    *,
    decision: str = "share",
    reasons: str = "Risk of significant harm outweighs confidentiality",
    authorised_by: str = "A. Manager, team manager",
    risk_assessment: str = "Assessment on file, 3 March",
    discussed: str = "",
    a11y: bool = False,
    submit: bool = True,
) -> None:
    expect_question(page, 8)
    choose(page, "Your decision", cat.label(cat.DECISIONS, decision))
    field(page, "Your reasons").fill(reasons)
    field(page, "Who authorised the decision?").fill(authorised_by)
    field(page, "What risk assessment was done?").fill(risk_assessment)
    if discussed:
        choose(page, "Have you discussed your reasons with the person who asked?", discussed)
    _done(page, a11y, submit)


# --- check your answers and the record ----------------------------------------------------


def submit_decision(page: Page, *, a11y: bool = False) -> int:
    """On "Check your answers": submit, and return the decision's id from the record page."""
    expect(
        page.get_by_role("heading", name="Check your answers before submitting your decision")
    ).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    if a11y:
        assert_accessible(page)
    page.get_by_role("button", name="Submit decision").click()
    expect(page).to_have_url(re.compile(r"/decisions/\d+/$"))
    expect(
        page.get_by_role("heading", name=re.compile(r"Information-sharing decision \d+"))
    ).to_be_visible()
    if a11y:
        assert_accessible(page)
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])


def expect_recommendation(page: Page, code: str) -> None:
    expect(page.get_by_test_id("recommendation")).to_have_text(recommendation(code))


# --- consent ------------------------------------------------------------------------------


def pdf_file(tmp_path: Path, name: str = "signed-consent.pdf") -> Path:
    """A small but real PDF: one blank page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path = tmp_path / name
    path.write_bytes(body)
    return path


def fill_consent(
    page: Page,
    *,
    who: str = "parent_with_pr",
    name: str = "Karen Clarke",
    told: Iterable[str] = ALL_TOLD,
    form: str = "explicit_written",
    signed_form: Path | None = None,
    verbal_details: str = "Agreed on the telephone on 3 March",
    outcome: str = "given",
    answered_on: datetime.date | tuple[str, str, str] = TODAY,
    scope_information: str = "Health visitor notes about the baby's weight",
    purposes: Iterable[str] = (PURPOSE_S47,),
    agencies: Iterable[str] = (),
) -> None:
    """Fill in "Record consent or a refusal" (codes from consent.catalogues)."""
    expect(page.get_by_role("heading", name="Record consent or a refusal")).to_be_visible()
    choose(page, "Who was asked?", consent_cat.label(consent_cat.CONSENT_GIVER_ROLES, who))
    field(page, "Their full name").fill(name)
    tick(page, "What were they told?", told)
    form_label = consent_cat.label(consent_cat.CONSENT_FORMS, form)
    if form == "explicit_written":
        reveal(page, "How was consent given or refused?", form_label, "Upload the signed form")
        if signed_form is not None:
            field(page, "Upload the signed form").set_input_files(signed_form)
    elif form == "explicit_verbal":
        reveal(page, "How was consent given or refused?", form_label, "Details of the conversation")
        field(page, "Details of the conversation").fill(verbal_details)
    else:
        choose(page, "How was consent given or refused?", form_label)
    choose(page, "What was the answer?", consent_cat.label(consent_cat.CONSENT_OUTCOMES, outcome))
    fill_date(page, "When did they answer?", answered_on)
    field(page, "What information does the consent cover?").fill(scope_information)
    tick(page, "For which purposes?", purposes)
    tick(page, "With which organisations?", agencies)


def save_consent(page: Page) -> None:
    page.get_by_role("button", name="Save consent record").click()
