"""A draft's name is what it is about, so that drafts can be told apart: who it is for or
who asked, and the purpose once it is known. Pure, no Django imports."""

from __future__ import annotations

from collections.abc import Mapping

from consent.catalogues import PURPOSES, label

from .reading import as_map, text

LONGEST = 80


def _short(words: str) -> str:
    words = " ".join(words.split())
    if len(words) <= LONGEST:
        return words
    return words[: LONGEST - 1].rsplit(" ", 1)[0] + "…"


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


def draft_name(kind: str, answers: Mapping[str, object]) -> str:
    """For example "Sharing with Northshire Police: child protection enquiry (section 47 of
    the Children Act 1989)", "Request from Northshire Police: any concerns about Amelia"."""
    start, q1, q7 = (as_map(answers.get(key)) for key in ("start", "q1", "q7"))
    purpose_code = text(q1, "purpose_category")
    purpose = _lower_first(label(PURPOSES, purpose_code)) if purpose_code else ""
    if kind == "request_received":
        who = text(start, "requester_agency_name") or "another agency"
        about = purpose or _short(text(start, "request_details"))
        return f"Request from {who}" + (f": {about}" if about else "")
    if kind == "request_made":
        who = text(start, "asked_agency_name") or "another agency"
        about = _short(text(start, "asking_for"))
        return f"Asking {who}" + (f" for {_lower_first(about)}" if about else "")
    recipient = text(q7, "recipient_agency_name")
    head = f"Sharing with {recipient}" if recipient else "Sharing information"
    about = purpose or _short(text(start, "prompted_by"))
    return head + (f": {_lower_first(about)}" if about else "")


def draft_about(kind: str, answers: Mapping[str, object]) -> str:
    """What started it, in the practitioner's words, to tell similar drafts apart."""
    start = as_map(answers.get("start"))
    key = {"request_received": "request_details", "request_made": "asking_for"}.get(
        kind, "prompted_by"
    )
    return _short(text(start, key))
