"""Answering the decision pages in Chromium, the way a practitioner does: by their labels.

A ``Person`` clicks, types and chooses through a ``Meter`` that counts page loads, clicks,
fields typed and options read, and checks every page it arrives on with axe when asked.
Each ``page_qN`` answers one question over its pages and presses "Save and continue" on
each. The defaults follow tests/factories/sharing.py, so the branches they lead to are the
ones tests/sharing/test_flow.py shows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as field_
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from consent import catalogues as consent_cat
from sharing import catalogues as cat
from sharing import journey
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
    """govuk-frontend and our scripts must load and start on every page without an error.
    Import this into a test module to apply it there."""
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


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


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


# --- counting what a person does: page loads, clicks, fields typed, choices read ---------


@dataclass
class Meter:
    """What a scripted run asks of a person: each page load (a main-frame navigation), each
    click, each field typed (and its characters) and each option they read to choose."""

    page: Page
    loads: list[str] = field_(default_factory=list)
    clicks: int = 0
    fields_typed: int = 0
    characters: int = 0
    choices_read: int = 0
    heights: list[tuple[str, int]] = field_(default_factory=list)  # (page title, px)
    counting: bool = True

    def __post_init__(self) -> None:
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame and self.counting:
            self.loads.append(frame.url)

    def measure_page(self) -> None:
        """Count the options on the page as read, and note its height."""
        if not self.counting:
            return
        self.choices_read += self.page.locator(
            "main input[type=radio], main input[type=checkbox], main option"
        ).count()
        height = int(self.page.evaluate("document.documentElement.scrollHeight"))
        self.heights.append((self.page.title().split(" - ")[0], height))

    def click(self, target: Locator) -> None:
        self.clicks += self.counting
        target.click()

    def type(self, target: Locator, text: str) -> None:
        if self.counting:
            self.fields_typed += 1
            self.characters += len(text)
        target.fill(text)

    def estimated_minutes(self) -> float:
        """How long a person following the script would take, by the keystroke-level model
        (Card, Moran and Newell, 1980): 1.35 s to prepare for each page, field or choice;
        1.1 s to point and 0.2 s to click; 0.4 s to move a hand to the keyboard and 0.28 s
        a keystroke (an average typist, about 40 words a minute); and 1 s to read each
        option on a page (a label of about four words at 250 words a minute) plus 3 s for
        its heading and hint."""
        seconds = (
            (1.35 + 3) * len(self.loads)
            + 1.0 * self.choices_read
            + (1.35 + 1.1 + 0.2) * self.clicks
            + (1.35 + 0.4) * self.fields_typed
            + 0.28 * self.characters
        )
        return seconds / 60


class Person:
    """A practitioner in Chromium: every click and keystroke goes through the meter, and
    every page they see can be checked with axe as they see it."""

    def __init__(self, page: Page, *, a11y: bool = False) -> None:
        self.page = page
        self.meter = Meter(page)
        self.a11y = a11y

    def click(self, target: Locator) -> None:
        self.meter.click(target)

    def type(self, label: str, text: str, scope: Page | Locator | None = None) -> None:
        self.meter.type(field(scope or self.page, label), text)

    def choose(self, legend: str, label: str) -> None:
        self.meter.click(option(self.page, legend, label))

    def tick(self, legend: str, labels: Iterable[str]) -> None:
        for label in labels:
            self.meter.click(option(self.page, legend, label))

    def date(self, legend: str, day: datetime.date | tuple[str, str, str]) -> None:
        values = (
            (str(day.day), str(day.month), str(day.year)) if isinstance(day, datetime.date) else day
        )
        for part, value in zip(date_parts(self.page, legend), values, strict=True):
            self.meter.type(part, value)

    def arrive(self, heading: str | None = None) -> None:
        """On a new page: check its heading, measure it, check it with axe."""
        if heading is not None:
            expect(self.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        self.meter.measure_page()
        if self.a11y:
            assert_accessible(self.page)

    def save(self) -> None:
        self.click(self.page.get_by_role("button", name="Save and continue"))

    def save_for_later(self) -> None:
        self.click(self.page.get_by_role("button", name="Save and come back later"))

    def button(self, name: str) -> None:
        self.click(self.page.get_by_role("button", name=name))

    def link(self, name: str) -> None:
        self.click(self.page.get_by_role("link", name=name))


# --- the start page and what the decision is about ---------------------------------------


def start_decision(
    person: Person,
    case,
    kind: str = "proactive",
    *,
    prompted_by: str = "Concerns raised at school",
    agency: str = "",
    requester_name: str = "DC Smith, child abuse investigation team",
    received_on: datetime.date = TODAY,
    request_details: str = "Any concerns about the child",
    asking_for: str = "Health visitor notes",
) -> None:
    """From the case page: "Record a decision", the kind, then what it is about; ends on the
    task list."""
    page = person.page
    page.goto(f"/cases/{case.pk}/")
    person.arrive()
    person.click(page.get_by_role("button", name="Record a decision"))
    person.arrive("Record an information-sharing decision")
    person.choose("What kind of information sharing is this?", cat.label(cat.DECISION_KINDS, kind))
    person.button("Start now")
    if kind == "proactive":
        person.arrive("What has made you think about sharing?")
        person.type("What has made you think about sharing?", prompted_by)
    elif kind == "request_received":
        person.arrive("The request")
        field(page, "Which organisation asked?").select_option(label=agency)
        person.meter.clicks += 1
        person.type("Who asked?", requester_name)
        person.date("When did the request arrive?", received_on)
        person.type("What did they ask for?", request_details)
    else:
        person.arrive("What you are asking for")
        field(page, "Which organisation are you asking?").select_option(label=agency)
        person.meter.clicks += 1
        person.type("What are you asking for?", asking_for)
    person.save()
    expect(page.get_by_test_id("task-list").first).to_be_visible()
    person.arrive()


def open_task(person: Person, number: int) -> None:
    """From the task list, the question's link."""
    link = person.page.locator(f'[data-task="{number}"] a')
    person.click(link)


def expect_question(page: Page, number: int) -> None:
    expect(page.get_by_test_id("progress")).to_contain_text(f"Question {number} of 8")


def expect_status(page: Page, number: int | str, status: str) -> None:
    expect(page.locator(f'[data-task="{number}"] .govuk-task-list__status')).to_have_text(status)


# --- the question pages --------------------------------------------------------------------

TITLES = {number: spec.title for number, spec in journey.QUESTIONS.items()}
Q1_PURPOSE = "To protect the child from significant harm"
LEGAL_BASIS_S47 = cat.label(cat.LEGAL_BASES, "ca1989_s47")
IDENTIFIABLE_DEFAULT = (
    cat.label(cat.IDENTIFIABLE_PEOPLE, "child"),
    cat.label(cat.IDENTIFIABLE_PEOPLE, "parent_carer"),
)
DPA_LEGEND = "Which Data Protection Act 2018 condition do you rely on?"
PRIVATE_LAW_LEGEND = "Does any of it come from private law proceedings, such as a section 7 report?"
ITEMS = (
    ("Weight has fallen below the 2nd centile", "Fact"),
    ("Parent seems reluctant to attend appointments", "Opinion"),
)


def page_q1(
    person: Person,
    *,
    category: str = PURPOSE_S47,
    purpose: str = Q1_PURPOSE,
    legal_bases: Iterable[str] = (LEGAL_BASIS_S47,),
    other_bases: Iterable[str] = (),
    within_functions: str = "Yes",
    need_to_know: str = "Yes",
    anonymised: str = "No",
) -> None:
    """Question 1 over its four pages (or one, if there is no legitimate purpose)."""
    expect_question(person.page, 1)
    person.arrive(TITLES[1])
    person.choose("What is the purpose?", category)
    if purpose:
        person.type("Describe the purpose in your own words", purpose)
    person.save()
    if category == "There is no legitimate purpose to share":
        return
    person.arrive("What is the legal basis for sharing?")
    person.tick("Usually relied on for this purpose", legal_bases)
    if other_bases:
        person.click(person.page.get_by_text("Show other legal bases", exact=True))
        person.tick("Other legal bases", other_bases)
    person.save()
    person.arrive("Your agency's functions, the need to know, and anonymised information")
    person.choose("Is the sharing within your agency's functions or powers?", within_functions)
    person.choose("Does the person you will share with need to know this?", need_to_know)
    person.choose("Would anonymised information achieve the purpose?", anonymised)
    person.save()


def page_q2(
    person: Person,
    *,
    people: Iterable[str] = IDENTIFIABLE_DEFAULT,
    at_risk: str = "No",
    protection: str = "",
) -> None:
    expect_question(person.page, 2)
    person.arrive(TITLES[2])
    people = list(people)
    person.tick(TITLES[2], people or ["No one: the information is anonymised"])
    person.save()
    if not people:
        return
    person.arrive("Protecting the identity of anyone at risk")
    person.choose(
        "Could anyone the information identifies be harmed if their details became known to "
        "an abuser?",
        at_risk,
    )
    if protection:
        person.type(
            "If yes, how will you and the person you share with protect their identity?", protection
        )
    person.save()


def page_q3(
    person: Person,
    *,
    relationship: str = "formal",
    special: Iterable[str] = (),
    dpa_condition: str = "",
) -> None:
    expect_question(person.page, 3)
    person.arrive(TITLES[3])
    person.choose(TITLES[3], cat.label(cat.CONFIDENTIALITY_RELATIONSHIPS, relationship))
    person.save()
    legend = "Does it include any special category or criminal offence information?"
    person.arrive(legend)
    person.tick(legend, list(special) or ["None of these"])
    person.save()
    if special:
        person.arrive(DPA_LEGEND)
        person.choose(DPA_LEGEND, dpa_condition)
        person.save()


def page_q4(person: Person, position: str, *, consents: Iterable[str] = ()) -> None:
    """``position`` is the option's label on the first page ("Not sought: asking would...")."""
    expect_question(person.page, 4)
    person.arrive(TITLES[4])
    person.choose(TITLES[4], position)
    person.save()
    if position == cat.label(cat.CONSENT_STATUSES, "obtained"):
        person.arrive("Which consent do you rely on?")
        person.tick(
            "Which consent do you rely on?",
            consents or ["Consent was given but is not recorded yet"],
        )
        person.save()
        person.arrive(
            "Do people with parental responsibility for the child disagree about sharing?"
        )
        person.choose(
            "Do people with parental responsibility for the child disagree about sharing?", "No"
        )
        person.save()


def not_sought(code: str) -> str:
    label = cat.label(cat.NOT_SOUGHT_REASONS, code)
    return f"Not sought: {label[0].lower()}{label[1:]}"


def page_q5(
    person: Person, *, duty: str = "", reference: str = "DC Smith, section 47 request"
) -> None:
    expect_question(person.page, 5)
    person.arrive(TITLES[5])
    person.choose(TITLES[5], "Yes" if duty else "No")
    person.save()
    if duty:
        person.arrive("Which duty or court order applies?")
        person.choose("Which duty or court order applies?", cat.label(cat.STATUTORY_DUTIES, duty))
        person.type("Reference", reference)
        person.save()


def page_q6(
    person: Person,
    *,
    risk: str = "reasonable_cause",
    if_shared: str = "Children's social care can find out what is happening",
    if_not_shared: str = "The child may go on being hurt",
    pressing_need: Iterable[str] = (
        cat.label(cat.PRESSING_NEED_FACTORS, "risk_if_not_disclosed"),
        cat.label(cat.PRESSING_NEED_FACTORS, "urgency"),
    ),
    advice_from: Iterable[str] = (cat.label(cat.ADVICE_SOURCES, "designated_safeguarding_lead"),),
    advice_when: datetime.date | tuple[str, str, str] = TODAY,
    advice_given: str = "Refer to children's social care today",
    proportionate: str = "Yes",
    why: str = "Only what bears on the concern",
    conclusion: str = "justified",
) -> None:
    expect_question(person.page, 6)
    person.arrive("What is the level of risk of harm at the time?")
    person.choose(
        "What is the level of risk of harm at the time?", cat.label(cat.RISK_LEVELS, risk)
    )
    person.save()
    person.arrive("Weighing up sharing")
    person.type("What might happen if you share the information?", if_shared)
    person.type("What might happen if you do not share it?", if_not_shared)
    person.tick(
        "Which of these show a pressing need to share?", list(pressing_need) or ["None of these"]
    )
    person.save()
    person.arrive("Who did you ask for advice?")
    advice_from = list(advice_from)
    person.tick("Who did you ask for advice?", advice_from or ["I did not ask anyone for advice"])
    person.save()
    if advice_from:
        person.arrive("The advice you were given")
        person.date("When did you ask?", advice_when)
        person.type("What did they advise?", advice_given)
        person.save()
    person.arrive("Your conclusion on the public interest")
    person.choose("Is sharing a proportionate response to the risk?", proportionate)
    person.type("Explain why", why)
    person.choose(
        "Does the public interest justify sharing without consent?",
        cat.label(cat.PUBLIC_INTEREST_CONCLUSIONS, conclusion),
    )
    person.save()


def page_q7(
    person: Person,
    *,
    agency: str,
    items: Iterable[tuple[str, str]] = ITEMS,
    recipient_name: str = "Jo Bloggs",
    recipient_role: str = "Duty social worker",
    verification: str = "called_back",
    method: str = "secure_email",
    written_confirmation: str = "Yes",
    shared_on: datetime.date = TODAY,
    checklist: Iterable[str] = ALL_CHECKLIST,
    onward: str = "No",
    person_told: str = "will_be_told",
    not_told_reason: str = "",
    consent_limits: bool = False,
) -> None:
    page = person.page
    expect_question(page, 7)
    person.arrive("What exactly will be shared?")
    for n, (text, nature) in enumerate(items, start=1):
        if n > 1:
            person.button("Add another item")
            expect(field(page, f"Item {n}: what will be shared")).to_be_visible()
        person.type(f"Item {n}: what will be shared", text)
        person.choose(f"Is item {n} a fact, an opinion or a hypothesis?", nature)
    person.choose(PRIVATE_LAW_LEGEND, "No")
    person.save()
    person.arrive("Who will receive it?")
    field(page, "Which organisation?").select_option(label=agency)
    person.meter.clicks += 1
    person.type("Name of the person receiving it", recipient_name)
    person.type("Their role", recipient_role)
    person.choose("How did you check who they are?", cat.label(cat.VERIFICATION, verification))
    person.save()
    person.arrive("How and when will it be shared?")
    person.choose("How will it be shared?", cat.label(cat.METHODS, method))
    if shared_on != TODAY:  # today's date is filled in
        person.date("When will it be shared?", shared_on)
    person.save()
    if cat.get(cat.METHODS, method).verbal:
        person.arrive("Will you confirm the verbal sharing in writing?")
        person.choose("Will you confirm the verbal sharing in writing?", written_confirmation)
        person.save()
    person.arrive("Check that the information you share is:")
    person.tick("Check that the information you share is:", checklist)
    person.save()
    person.arrive("Does the recipient intend to pass it on to anyone else?")
    person.choose("Does the recipient intend to pass it on to anyone else?", onward)
    person.save()
    if onward == "Yes":
        person.arrive("Has your agency agreed to them passing it on?")
        person.choose("Has your agency agreed to them passing it on?", "Yes")
        person.save()
    if consent_limits:
        person.arrive("Have you explained the limits of the consent to the recipient?")
        person.choose("Have you explained the limits of the consent to the recipient?", "Yes")
        person.save()
    person.arrive("Will the person the information is about be told?")
    person.choose(
        "Will the person the information is about be told?", cat.label(cat.PERSON_TOLD, person_told)
    )
    if not_told_reason:
        person.type("If they will not be told, say why", not_told_reason)
    person.save()


def page_q8(
    person: Person,
    *,
    decision: str = "share",
    reasons: str = "Risk of significant harm outweighs confidentiality",
    authorised_by: str = "A. Manager, team manager",
    risk_assessment: str = "Assessment on file, 3 March",
    discussed: str = "",
) -> None:
    expect_question(person.page, 8)
    person.arrive(TITLES[8])
    person.choose("Your decision", cat.label(cat.DECISIONS, decision))
    person.type("Your reasons", reasons)
    if authorised_by:
        person.type("Who authorised the decision?", authorised_by)
    if risk_assessment:
        person.type("What risk assessment was done?", risk_assessment)
    if discussed:
        person.choose("Have you discussed your reasons with the person who asked?", discussed)
    person.save()


# --- check your answers, the confirmation and the record --------------------------------


def submit_decision(person: Person) -> int:
    """On "Check your answers": submit; on the confirmation, open the record. Returns the
    decision's id."""
    page = person.page
    person.arrive("Check your answers before submitting your decision")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    person.button("Submit decision")
    expect(page).to_have_url(re.compile(r"/decisions/\d+/confirmation/$"))
    person.arrive("Decision recorded")
    decision_id = int(page.url.rstrip("/").rsplit("/", 2)[-2])
    person.link("View and print the record")
    expect(page).to_have_url(re.compile(rf"/decisions/{decision_id}/$"))
    person.arrive(f"Information-sharing decision {decision_id}")
    return decision_id


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
    choose(
        page,
        "How was consent given or refused?",
        consent_cat.label(consent_cat.CONSENT_FORMS, form),
    )
    if form == "explicit_written" and signed_form is not None:
        field(page, "If it was in writing, upload the signed form").set_input_files(signed_form)
    elif form != "explicit_written":
        field(page, "If it was verbal or implied, give the details").fill(verbal_details)
    choose(page, "What was the answer?", consent_cat.label(consent_cat.CONSENT_OUTCOMES, outcome))
    fill_date(page, "When did they answer?", answered_on)
    field(page, "What information does the consent cover?").fill(scope_information)
    tick(page, "For which purposes?", purposes)
    tick(page, "With which organisations?", agencies)


def save_consent(page: Page) -> None:
    page.get_by_role("button", name="Save consent record").click()
