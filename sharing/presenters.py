"""Turn stored answers (codes, ids, booleans) into what a person reads."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from . import catalogues as cat
from .forms import QUESTION_FORMS, QuestionForm
from .models import Decision
from .selectors import DraftProgress

HIDDEN_KEYS = {"confidential"}  # derived from another answer on the same page


@dataclass(frozen=True)
class Row:
    label: str
    value: Any  # str, or a list of str shown as a list


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    source: str
    rows: list[Row]
    change_url: str | None


def _choice_labels(field: Any) -> dict[str, str]:
    labels: dict[str, str] = {}
    for choice in getattr(field, "choices", None) or []:
        value, label = choice[0], choice[1]
        labels[str(value)] = str(label)
    return labels


def _display(value: Any, labels: dict[str, str]) -> Any:
    if value is None or value == "" or value == []:
        return "Not answered"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return [_display(item, labels) for item in value]
    if isinstance(value, dict) and "text" in value:
        nature = cat.label(cat.INFORMATION_NATURE, str(value.get("nature", "")))
        return f"{value['text']} ({nature.lower()})"
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            pass
    return labels.get(str(value), str(value))


def question_rows(number: int, stored: dict[str, Any], context: dict[str, Any]) -> list[Row]:
    """Rows in the order the page asks them (jsonb does not keep key order)."""
    form = QUESTION_FORMS[number](stored=stored, context=context)
    rows = []
    if "items" in stored:
        rows.append(Row("What is shared", _display(stored["items"], {})))
    for key, field in form.fields.items():
        if key in HIDDEN_KEYS or key not in stored:
            continue
        value = stored[key]
        if value in (None, "", []):
            continue
        if key == "recipient_agency_name" and stored.get("recipient_agency_id"):
            continue  # the organisation chosen from the list is shown already
        rows.append(Row(str(field.label), _display(value, _choice_labels(field))))
    return rows


def answer_rows(
    decision: Decision, path: Iterable[int], *, context: dict[str, Any], change: bool
) -> list[Section]:
    """Each question on `path` with its answers; `context` is `selectors.form_context`."""
    sections = []
    for number in path:
        form_class = QUESTION_FORMS[number]
        stored = decision.answers.get(f"q{number}") or {}
        url = None
        if change:
            url = reverse("sharing:question", args=[decision.pk, number]) + "?return=check"
        sections.append(
            Section(
                number,
                form_class.title,
                form_class.source,
                question_rows(number, stored, context),
                url,
            )
        )
    return sections


def flag_rows(flags: Sequence[Any]) -> list[dict[str, str]]:
    rows = []
    for flag in flags:
        get = flag.get if isinstance(flag, dict) else lambda k, f=flag: getattr(f, k)
        rows.append(
            {
                "code": get("code"),
                "message": get("message"),
                "source": get("source"),
                "severity": get("severity"),
                "severity_label": "Needs review" if get("severity") == "review" else "Weak record",
            }
        )
    return rows


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
    rows += [Row(label, start[key]) for key, label in labels.items() if start.get(key)]
    return rows


def question_page(progress: DraftProgress, form: QuestionForm, number: int) -> dict[str, Any]:
    """What a question page shows around its form."""
    decision, route = progress.decision, progress.route
    index = route.index(number)
    back = (
        reverse("sharing:question", args=[decision.pk, route[index - 1]])
        if index
        else reverse("records:case_detail", args=[decision.case_id])
    )
    page = {
        "form": form,
        "decision": decision,
        "case": decision.case,
        "number": number,
        "title": form.title,
        "source": form.source,
        "back": back,
    }
    if number == 8:
        result = progress.guidance_before_decision
        page.update(guidance=result, flags=flag_rows(result.flags))
    return page


def check_page(progress: DraftProgress, error: str | None) -> dict[str, Any]:
    """The check-your-answers page: the guidance, every answer, what is missing."""
    decision = progress.decision
    return {
        "decision": decision,
        "case": decision.case,
        "guidance": progress.guidance,
        "flags": flag_rows(progress.guidance.flags),
        "sections": answer_rows(decision, progress.route, context=progress.context, change=True),
        "missing": progress.missing,
        "error": error,
    }
