"""What the recipient reads of a disclosure: what was shared and its limits, never the
sender's case record (its reference, people, decisions or other answers)."""

from __future__ import annotations

from dataclasses import dataclass

from sharing import catalogues as sharing_cat

from .models import Receipt


@dataclass(frozen=True)
class Item:
    text: str
    nature: str


def received_item(receipt: Receipt) -> dict[str, object]:
    disclosure = receipt.disclosure
    decision = disclosure.decision
    q1 = decision.answers.get("q1") or {}
    author = decision.author
    limits = [
        "Use it only for the purpose it was shared for (Oxfordshire Information Sharing "
        "Protocol, paragraph 10.2.1).",
        f"Do not pass it on without the agreement of {disclosure.originator.name} "
        "(Oxfordshire Information Sharing Protocol, paragraph 11.1).",
    ]
    if disclosure.use_until:
        limits.insert(0, f"You may use it until {disclosure.use_until:%-d %B %Y}.")
    return {
        "sender": disclosure.originator.name,
        "sent_by": author.get_full_name() or author.get_username(),
        "child_name": disclosure.case.child_name,
        "date_of_birth": disclosure.case.date_of_birth,
        "recipient": ", ".join(
            p for p in (disclosure.recipient_name, disclosure.recipient_role) if p
        ),
        "purpose": q1.get("purpose") or "Not stated",
        "legal_bases": [
            sharing_cat.label(sharing_cat.LEGAL_BASES, c) for c in decision.legal_bases
        ],
        "items": [
            Item(
                str(item.get("text", "")),
                sharing_cat.label(sharing_cat.INFORMATION_NATURE, str(item.get("nature", ""))),
            )
            for item in disclosure.items
        ],
        "method": sharing_cat.label(sharing_cat.METHODS, disclosure.method),
        "shared_at": disclosure.shared_at,
        "use_until": disclosure.use_until,
        "limits": limits,
        "person_told": sharing_cat.label(sharing_cat.PERSON_TOLD, disclosure.person_told)
        if disclosure.person_told
        else "Not recorded",
        "not_told_reason": disclosure.not_told_reason,
    }
