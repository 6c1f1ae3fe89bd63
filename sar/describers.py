"""How subject access request events read in the per-case history (records.describe)."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent
from records.catalogue import label
from records.describe import Detail, place, plain, register

from . import catalogues as cat

_FILES = {"pdf": "the released PDF", "json": "the released JSON", "original": "the original"}


def describe_sar(event: AuditEvent, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    payload = event.payload or {}
    action = event.action.split(".", 1)[1]
    subject = payload.get("subject") or "the person"
    details: list[Detail] = [("Whose request", str(subject))]
    if action == "recorded":
        details += [
            ("Received on", plain(payload.get("received_on"))),
            ("Due by", plain(payload.get("due_on"))),
            ("Identity checked by", label(cat.IDENTITY_CHECKS, str(payload.get("identity_check")))),
            ("Items gathered", plain(payload.get("items"))),
            ("Items marked for a closer look", plain(payload.get("marked"))),
        ]
        return f"Subject access request recorded for {subject}", details
    if action == "extended":
        months = payload.get("months")
        details += [
            ("Now due by", plain(payload.get("due_on"))),
            ("Person told on", plain(payload.get("told_on"))),
        ]
        return f"Time to answer extended by {months} month{'s' if months != 1 else ''}", details
    if action == "item_decided":
        outcome = label(cat.OUTCOMES, str(payload.get("outcome")))
        details += [("Item", plain(payload.get("item"))), ("Decision", outcome)]
        if payload.get("exemption"):
            details.append(("Exemption", label(cat.EXEMPTIONS, str(payload["exemption"]))))
        return f"Item {payload.get('item')} decided: {outcome.lower()}", details
    if action == "sent_for_check":
        return "Redactions sent to a second person to check", details
    if action in ("checked", "returned"):
        details.append(("Comments", plain(payload.get("comments"))))
        if action == "checked":
            return "Redactions checked and agreed by a second person", details
        return "Redactions returned by the checker to be changed", details
    if action == "released":
        details += [
            ("Items", plain(payload.get("items"))),
            ("Withheld", plain(payload.get("withheld"))),
            ("Released with parts removed", plain(payload.get("redacted"))),
            (
                "Exemptions applied",
                [label(cat.EXEMPTIONS, str(code)) for code in payload.get("exemptions") or []]
                or "None",
            ),
        ]
        return f"Response to the subject access request released to {subject}", details
    if action == "downloaded":
        which = _FILES.get(str(payload.get("file")), "a file")
        return f"Subject access response downloaded: {which}", details
    return f"Subject access request: {action.replace('_', ' ')}", details


def register_describers() -> None:
    register("sar", describe_sar)
    place("sar.downloaded", "access")  # a file read, like any other download
