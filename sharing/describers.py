"""How decision and disclosure events read in the per-case history (records.describe)."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent
from records.describe import Detail, place_by, plain, register

from . import catalogues as cat
from .forms import HIDDEN_KEYS, question_fields
from .journey import QUESTIONS, page
from .sources import spell, spell_inline

_DYNAMIC = {
    "consent_ids": "Consent records relied on",
    "refusal_ids": "Refusals recorded",
    "recipient_agency_id": None,
    "agreement_clause_id": None,  # its words are kept beside it, as "agreement_clause"
    "recipient_agency_name": "Receiving organisation",
}


def _fields(number: int) -> dict[str, tuple[str, dict[str, str]]]:
    return question_fields(number) if number in QUESTIONS else {}


def _value(value: Any, choices: dict[str, str]) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return [
                f"{item.get('text', '')} "
                f"({cat.label(cat.INFORMATION_NATURE, str(item.get('nature', ''))).lower()})"
                for item in value
            ]
        return [choices.get(str(v), str(v)) for v in value] or "None"
    if isinstance(value, str) and value in choices:
        return choices[value]
    return plain(value)


def answer_details(number: int, answers: dict[str, Any]) -> list[Detail]:
    fields = _fields(number)
    details: list[Detail] = []
    order = [*(["items"] if "items" in answers else []), *fields, *answers]
    for key in dict.fromkeys(k for k in order if k in answers):
        value = answers[key]
        if key in HIDDEN_KEYS or (key in _DYNAMIC and _DYNAMIC[key] is None):
            continue
        if key == "items":
            details.append(("What is shared", _value(value, {})))
        elif key in _DYNAMIC:
            details.append((str(_DYNAMIC[key]), plain(value)))
        elif value in (None, "", []):
            continue
        elif key in fields:
            label, choices = fields[key]
            details.append((label, _value(value, choices)))
        else:  # a key no page asks for any more: shown as it is, so nothing is hidden
            details.append((key.replace("_", " ").capitalize(), _value(value, {})))
    return details


def _flatten(number: int, answers: dict[str, Any]) -> list[str]:
    return [
        f"{label}: {'; '.join(value) if isinstance(value, list) else value}"
        for label, value in answer_details(number, answers)
    ]


def _submitted(cache: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Each submitted decision's answers by (decision id, question key), found once per export."""
    if "submitted_answers" not in cache:
        index: dict[tuple[str, str], Any] = {}
        for other in cache.get("events") or []:
            if other.action == "decision.submitted":
                for key, answers in ((other.payload or {}).get("answers") or {}).items():
                    index[(other.object_id, key)] = answers
        cache["submitted_answers"] = index
    return cache["submitted_answers"]  # type: ignore[no-any-return]


def describe_decision(event: AuditEvent, cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    payload = event.payload or {}
    action = event.action.split(".", 1)[1]
    ref = f"decision {event.object_id}"
    if action == "started":
        start = payload.get("start") or {}
        kind = payload.get("kind", "")
        return (
            f"Decision started ({ref}): {cat.label(cat.DECISION_KINDS, kind)}",
            [
                (key.replace("_", " ").capitalize(), plain(value))
                for key, value in start.items()
                if not key.endswith("_id")
            ],
        )
    if action == "answer_saved":
        number = int(payload.get("question", 0))
        title = QUESTIONS[number].title if number in QUESTIONS else "Question"
        spec = page(number, str(payload.get("page") or ""))
        asked = (
            f": {title}"
            if spec is None or not spec.slug
            else f": {title} ({spec.slug.replace('-', ' ')})"
        )
        answers = payload.get("answers") or {}
        submitted = _submitted(cache).get((event.object_id, f"q{number}")) or {}
        if (
            cache.get("compact")
            and answers
            and all(submitted.get(key, object()) == value for key, value in answers.items())
        ):
            # The submitted decision in the same document states these answers in full.
            return f"Question {number} answered ({ref}){asked}: as in the submitted decision", []
        return (
            f"Question {number} answered ({ref}){asked}",
            answer_details(number, answers) if number in QUESTIONS else [],
        )
    if action == "answer_kept_as_typed":
        where = str(payload.get("page") or "")
        number = where.split("/", 1)[0]
        said = f"Question {number}" if number.isdigit() else "What the decision is about"
        return (
            f"{said} saved with problems to fix ({ref})",
            [("Problems", list(payload.get("problems") or []) or "None")],
        )
    if action == "start_saved":
        start = payload.get("start") or {}
        return (
            f"What the decision is about saved ({ref})",
            [
                (key.replace("_", " ").capitalize(), plain(value))
                for key, value in start.items()
                if not key.endswith("_id")
            ],
        )
    if action == "discarded":
        return f"Draft discarded ({ref})", [("Was", plain(payload.get("name", "")))]
    if action == "submitted":
        answers = payload.get("answers") or {}
        q8 = answers.get("q8") or {}
        details: list[Detail] = [
            ("Decision", cat.label(cat.DECISIONS, payload.get("outcome", ""))),
            ("Reasons", q8.get("reasons") or "None recorded"),
            (
                "What the procedures pointed to",
                cat.label(cat.RECOMMENDATIONS, payload.get("recommendation", "")),
            ),
            ("Why", [spell_inline(r) for r in payload.get("guidance_reasons") or []] or "None"),
            (
                "Flags",
                [
                    f"{f.get('message')} (Source: {spell(str(f.get('source') or ''))})"
                    for f in payload.get("flags") or []
                ]
                or "None",
            ),
            ("Sent for review", plain(bool(payload.get("needs_review")))),
        ]
        if payload.get("amends"):
            details.append(
                ("Amends", f"Decision {payload['amends']}: {payload.get('amendment_reason', '')}")
            )
        start = answers.get("start") or {}
        if start:
            details.append(
                (
                    "Context",
                    [
                        f"{k.replace('_', ' ').capitalize()}: {v}"
                        for k, v in start.items()
                        if not k.endswith("_id")
                    ],
                )
            )
        for key in sorted(k for k in answers if k.startswith("q")):
            number = int(key[1:])
            details.append(
                (
                    f"Question {number}: {QUESTIONS[number].title}" if number in QUESTIONS else key,
                    _flatten(number, answers[key] or {}),
                )
            )
        return (
            f"Decision submitted ({ref}): {cat.label(cat.DECISIONS, payload.get('outcome', ''))}",
            details,
        )
    if action == "amendment_started":
        return (
            f"Amendment started ({ref})",
            [
                ("Amends", f"Decision {payload.get('amends')}"),
                ("Reason", payload.get("reason", "")),
            ],
        )
    return f"Decision {action.replace('_', ' ')} ({ref})", [
        (k.replace("_", " ").capitalize(), plain(v)) for k, v in payload.items()
    ]


DISCLOSURE_FACTS = (
    # The ten things every disclosure record holds (Oxfordshire protocol 13.3.1-13.3.10).
    ("source", "Source of the data"),
    ("originator", "Data holding agency, as originator"),
    ("requested", "What was originally requested"),
    ("grounds", "Grounds for disclosure"),
    ("items", "What was disclosed"),
    ("personal_data_extent", "Degree of personal data"),
    ("recipients", "Who received it"),
    ("use_until", "Time limits"),
    ("extensions", "Extensions to time limits"),
    ("secondary_disclosure", "Secondary disclosure"),
    ("amendments", "Amendments to data quality"),
    ("method", "How it was shared"),
    ("shared_at", "When"),
    ("person_told", "Person told"),
)


def describe_disclosure(event: AuditEvent, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    payload = event.payload or {}
    details: list[Detail] = []
    for key, label in DISCLOSURE_FACTS:
        value = payload.get(key)
        if key == "items":
            value = _value(value or [], {})
        elif key == "method":
            value = cat.label(cat.METHODS, value or "")
        elif key == "person_told":
            value = cat.label(cat.PERSON_TOLD, value or "")
        details.append((label, plain(value) if not isinstance(value, list) else value))
    return f"Disclosure to {payload.get('recipients', 'a recipient')}", details


def started_group(kind: Any) -> str | None:
    """A decision started by a request (made or received) is shown among the requests."""
    return "request" if kind in ("request_received", "request_made") else None


def register_describers() -> None:
    register("decision", describe_decision)
    place_by("decision.started", "kind", started_group)
    register("disclosure", describe_disclosure)
