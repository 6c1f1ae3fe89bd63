"""What a submitted decision shared, as its disclosure record holds it (the ten facts of
Oxfordshire protocol 13.3), and what is still owed once it is shared. Called by
sharing.services.decision_submit inside its transaction; nothing here writes on its own."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from agencies.models import Agency

from . import catalogues as cat
from . import guidance
from .models import Decision, Disclosure, FollowUp

# Verbal sharing must be confirmed in writing (P 4); we ask for it within this many days.
WRITTEN_CONFIRMATION_DAYS = 1


def disclosure_for(
    decision: Decision, answers: dict[str, Any], result: guidance.Guidance
) -> Disclosure:
    q1, q7 = answers.get("q1") or {}, answers.get("q7") or {}
    start = decision.answers.get("start") or {}
    bases = [cat.label(cat.LEGAL_BASES, code) for code in q1.get("legal_bases") or []]
    shared_on = q7.get("shared_on") or timezone.localdate().isoformat()
    agency_id = q7.get("recipient_agency_id")
    return Disclosure.objects.create(
        decision=decision,
        case=decision.case,
        source=f"{decision.case.agency.name} records about {decision.case.child_name}",
        originator=decision.case.agency,
        requested=start.get("request_details", "") or start.get("asking_for", ""),
        grounds="; ".join(
            [
                *bases,
                cat.label(cat.RECOMMENDATIONS, result.recommendation),
                (answers.get("q8") or {}).get("reasons", ""),
            ]
        ),
        items=q7.get("items") or [],
        personal_data_extent=", ".join(
            cat.label(cat.IDENTIFIABLE_PEOPLE, code)
            for code in (answers.get("q2") or {}).get("identifiable_people") or []
        )
        or "Anonymised",
        recipient_agency=Agency.objects.filter(pk=agency_id).first() if agency_id else None,
        recipient_agency_name=q7.get("recipient_agency_name") or "",
        recipient_name=q7.get("recipient_name") or "",
        recipient_role=q7.get("recipient_role") or "",
        method=q7.get("method") or "",
        shared_at=timezone.make_aware(
            datetime.datetime.combine(datetime.date.fromisoformat(shared_on), datetime.time(12, 0))
        ),
        use_until=datetime.date.fromisoformat(q7["use_until"]) if q7.get("use_until") else None,
        onward_disclosure=bool(q7.get("onward_disclosure")),
        onward_agreed=bool(q7.get("onward_agreed")),
        person_told=q7.get("person_told") or "",
        not_told_reason=q7.get("not_told_reason") or "",
    )


def disclosure_facts(disclosure: Disclosure) -> dict[str, Any]:
    """The ten things every disclosure record holds (O 13.3), as the audit event states them."""
    recipient = ", ".join(
        part
        for part in (
            disclosure.recipient_name,
            disclosure.recipient_role,
            disclosure.recipient_agency_name,
        )
        if part
    )
    if disclosure.onward_disclosure:
        secondary = (
            "Intended, agreed by the data holding agency"
            if disclosure.onward_agreed
            else "Intended, not agreed"
        )
    else:
        secondary = "None intended"
    return {
        "decision": disclosure.decision_id,
        "source": disclosure.source,
        "originator": disclosure.originator.name,
        "requested": disclosure.requested or "Nothing requested: shared proactively",
        "grounds": disclosure.grounds,
        "items": disclosure.items,
        "personal_data_extent": disclosure.personal_data_extent,
        "recipients": recipient,
        "recipient_agency_id": disclosure.recipient_agency_id,
        "use_until": disclosure.use_until or "No time limit set",
        "extensions": "None",
        "secondary_disclosure": secondary,
        "amendments": "None",
        "method": disclosure.method,
        "shared_at": disclosure.shared_at,
        "person_told": disclosure.person_told,
        "not_told_reason": disclosure.not_told_reason,
    }


def follow_ups_owed(disclosure: Disclosure) -> list[tuple[str, datetime.date]]:
    """What is still owed once the information is shared: verbal sharing confirmed in writing
    (P 4), and the person it is about told, as the practitioner said they would be
    (L 4.5.19-4.5.20, L 4.7.3). No document sets a deadline for telling them: it is due on the
    day of sharing, so that it shows as outstanding until it is done."""
    shared_on = disclosure.shared_at.date()
    owed: list[tuple[str, datetime.date]] = []
    method = cat.get(cat.METHODS, disclosure.method)
    if method is not None and method.verbal:
        owed.append(
            (
                FollowUp.Kind.CONFIRM_IN_WRITING,
                shared_on + datetime.timedelta(days=WRITTEN_CONFIRMATION_DAYS),
            )
        )
    if disclosure.person_told == "will_be_told":
        owed.append((FollowUp.Kind.TELL_PERSON, shared_on))
    return owed
