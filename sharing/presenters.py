"""Turn stored answers (codes, ids, booleans) into what a person reads: the rows of the
check-answers page and the record, the flags and the start of a decision."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from . import catalogues as cat
from . import journey
from .forms import form_for, question_fields
from .models import Decision
from .sources import spell, spell_inline

# Shown only through another answer on the same page, unless they say no.
SHOWN_WHEN_NO = {"has_purpose", "advice_sought"}
HIDDEN = {"confidential", "identifiable", "recipient_agency_id", "agreement_clause_id"}
# What an empty list means on the pages that store one.
EMPTY = {
    "identifiable_people": "No one: the information is anonymised",
    "special_category": "None of these",
    "pressing_need": "None of these",
    "consent_ids": "Consent was given but is not recorded yet",
    "refusal_ids": "None recorded",
    "checklist": "None of these",
    "legal_bases": "None",
}
DYNAMIC = {
    "consent_ids": "Which consent do you rely on?",
    "refusal_ids": "Which refusals are recorded?",
}


@dataclass(frozen=True)
class Row:
    label: str
    value: Any  # str, or a list of str shown as a list
    change_url: str | None = None


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    rows: list[Row]
    change_url: str | None  # the question's first page
    todo: list[tuple[str, str]]  # (page title, url) still to answer


def _date(value: str) -> str | None:
    if len(value) == 10 and value[4:5] == "-":
        try:
            return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            return None
    return None


def display(value: Any, choices: Mapping[str, str]) -> Any:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return [display(item, choices) for item in value]
    if isinstance(value, dict) and "text" in value:
        nature = cat.label(cat.INFORMATION_NATURE, str(value.get("nature", "")))
        return f"{value['text']} ({nature.lower()})"
    if isinstance(value, str):
        return _date(value) or choices.get(value, value)
    return choices.get(str(value), str(value))


def _consent_names(context: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(c.pk): f"{c.giver_name} ({c.get_giver_role_display().lower()}), "
        f"{c.get_form_display().lower()}, {c.obtained_on:%-d %B %Y}"
        for c in context.get("consents") or []
    }


def page_url(decision_id: int, spec: journey.PageSpec, *, back_to_check: bool = False) -> str:
    if spec.slug:
        url = reverse("sharing:question_page", args=[decision_id, spec.question, spec.slug])
    else:
        url = reverse("sharing:question", args=[decision_id, spec.question])
    return url + ("?return=check" if back_to_check else "")


def question_rows(
    number: int,
    stored: Mapping[str, Any],
    context: Mapping[str, Any],
    *,
    change: Mapping[str, str] | None = None,
) -> list[Row]:
    """Rows in the order the pages ask them (jsonb does not keep key order); any stored key
    no page asks any more is shown too, so nothing on a record is hidden. ``change`` maps a
    key to the address of the page that asks it."""
    fields = question_fields(number)
    consents = _consent_names(context)
    rows = []
    order = [*(["items"] if "items" in stored else []), *fields, *stored]
    for key in dict.fromkeys(k for k in order if k in stored):
        value = stored[key]
        if key in HIDDEN or (key in SHOWN_WHEN_NO and value is not False):
            continue
        if key == "recipient_agency_name" and stored.get("recipient_agency_id"):
            label = "Which organisation?"
        elif key in DYNAMIC:
            label = DYNAMIC[key]
        else:
            label = fields[key][0] if key in fields else key.replace("_", " ").capitalize()
        if value == [] and key in EMPTY:
            shown: Any = EMPTY[key]
        elif value in (None, "", []):
            continue
        elif key in DYNAMIC:
            shown = [consents.get(str(i), f"Consent record {i}") for i in value]
        else:
            shown = display(value, fields[key][1] if key in fields else {})
        rows.append(Row(label, shown, (change or {}).get(key)))
    return rows


def answer_rows(
    decision: Decision,
    path: Iterable[int],
    *,
    context: Mapping[str, Any],
    change: bool,
    todo: Mapping[int, Sequence[journey.PageSpec]] | None = None,
) -> list[Section]:
    """Each question on ``path`` with its answers. With ``change``, each row links to the
    page that asks it (and comes back to check answers); ``todo`` lists pages to answer."""
    sections = []
    for number in path:
        stored = decision.answers.get(f"q{number}") or {}
        links: dict[str, str] = {}
        if change:
            for spec in journey.pages_of(number):
                for key in spec.keys:
                    links[key] = page_url(decision.pk, spec, back_to_check=True)
        first = journey.pages_of(number)[0]
        sections.append(
            Section(
                number,
                journey.QUESTIONS[number].title,
                question_rows(number, stored, context, change=links),
                page_url(decision.pk, first, back_to_check=True) if change else None,
                [
                    (_page_title(spec), page_url(decision.pk, spec, back_to_check=True))
                    for spec in (todo or {}).get(number, ())
                ],
            )
        )
    return sections


def _page_title(spec: journey.PageSpec) -> str:
    return form_for(spec).title


def flag_rows(flags: Sequence[Any]) -> list[dict[str, str]]:
    rows = []
    for flag in flags:
        get = flag.get if isinstance(flag, dict) else lambda k, f=flag: getattr(f, k)
        rows.append(
            {
                "code": get("code"),
                "message": get("message"),
                "source": spell(get("source") or ""),
                "severity": get("severity"),
                "severity_label": "Needs review" if get("severity") == "review" else "Weak record",
            }
        )
    return rows


def reason_rows(reasons: Iterable[str]) -> list[str]:
    """The engine's reasons with their paragraph references spelled out."""
    return [spell_inline(reason) for reason in reasons]


def start_rows(decision: Decision) -> list[Row]:
    start = decision.answers.get("start") or {}
    labels = {
        "prompted_by": "What prompted it",
        "requester_agency_name": "Requested by (organisation)",
        "requester_name": "Requested by",
        "received_on": "Request received",
        "request_details": "What was requested",
        "asked_agency_name": "Organisation asked",
        "asking_for": "What we asked for",
    }
    rows = [Row("Kind of sharing", cat.label(cat.DECISION_KINDS, decision.kind))]
    rows += [Row(label, display(start[key], {})) for key, label in labels.items() if start.get(key)]
    return rows
