"""The released files: the redacted JSON and PDF, and the unredacted original kept.

Redaction is real: each passage the reviewer chose is cut out of the item's text before
anything is written, so neither file holds it; a withheld item's text is never written.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from records.catalogue import label
from records.pdf import html_to_pdf

from . import catalogues as cat
from .models import Item, SubjectAccessRequest

SCHEMA = "subject-access-release/1"
REMOVED = "[removed]"


def redacted(text: str, passages: list[str]) -> str:
    for passage in sorted(passages, key=len, reverse=True):
        text = re.sub(re.escape(passage), REMOVED, text, flags=re.IGNORECASE)
    return text


def _item(item: Item) -> dict[str, Any]:
    """One released item. The passages are cut from the title as well as the text; a
    withheld item keeps only its kind, since even its title may name someone."""
    passages = item.redactions if item.outcome == "redact" else []
    entry: dict[str, Any] = {
        "number": item.position,
        "kind": label(cat.ITEM_KINDS, item.kind),
        "title": redacted(item.title, passages),
        "outcome": label(cat.OUTCOMES, item.outcome),
    }
    if item.outcome == "withhold":
        entry["title"] = f"{entry['kind']} (withheld)"
        entry["text"] = ""
    else:
        entry["text"] = redacted(item.text, passages)
    if item.exemption:
        entry["exemption"] = label(cat.EXEMPTIONS, item.exemption)
        entry["reason"] = item.reason
    return entry


def _when(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M %Z}"


def document(
    sar: SubjectAccessRequest, items: list[Item], *, released_at: datetime.datetime
) -> dict[str, Any]:
    used = sorted({item.exemption for item in items if item.exemption})
    return {
        "schema": SCHEMA,
        "agency": sar.agency.name,
        "subject": sar.subject_name,
        "received_on": sar.received_on.isoformat(),
        "due_on": sar.due_on.isoformat(),
        "released_at": released_at.isoformat(),
        "released": _when(released_at),
        "exemptions_applied": [
            {
                "exemption": label(cat.EXEMPTIONS, code),
                "items": [i.position for i in items if i.exemption == code],
            }
            for code in used
        ],
        "items": [_item(item) for item in items],
    }


def original(sar: SubjectAccessRequest, items: list[Item]) -> dict[str, Any]:
    """Everything as gathered, unredacted, with each decision: kept, never released."""
    return {
        "subject": sar.subject_name,
        "items": [
            {
                "number": i.position,
                "kind": i.kind,
                "source_id": i.source_id,
                "title": i.title,
                "text": i.text,
                "marks": list(i.marks),
                "third_parties": list(i.third_parties),
                "outcome": i.outcome,
                "exemption": i.exemption,
                "reason": i.reason,
                "redactions": list(i.redactions),
                "decided_by": i.decided_by_id,
            }
            for i in items
        ],
    }


def pdf(sar: SubjectAccessRequest, released: dict[str, Any]) -> bytes:
    html = render_to_string("sar/release_pdf.html", {"sar": sar, "release": released})
    return html_to_pdf(html)
