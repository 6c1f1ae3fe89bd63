"""Writes about decisions. Each service saves the change and its audit event in one transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from agencies.permissions import may_change_draft, may_record_on, may_record_on_case_of
from audit import events
from records.models import Case

from . import catalogues as cat
from . import guidance, selectors
from .models import Decision, Disclosure, FollowUp

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Verbal sharing must be confirmed in writing (P 4); we ask for it within this many days.
WRITTEN_CONFIRMATION_DAYS = 1


def _event(actor: User, decision: Decision, action: str, payload: dict[str, Any]) -> None:
    events.append(
        actor=actor,
        action=action,
        object_type="decision",
        object_id=decision.pk,
        case_id=decision.case_id,
        agency_id=decision.case.agency_id,
        payload=payload,
    )


def decision_start(*, actor: User, case: Case, kind: str, start: dict[str, Any]) -> Decision:
    if not may_record_on(actor, case):
        raise PermissionDenied("You may not record decisions on this case.")
    if cat.get(cat.DECISION_KINDS, kind) is None:
        raise ValidationError({"kind": "Select what kind of information sharing this is"})
    with transaction.atomic():
        decision = Decision.objects.create(
            case=case, author=actor, kind=kind, answers={"start": start}
        )
        _event(actor, decision, "decision.started", {"kind": kind, "start": start})
    return decision


def _locked_draft(actor: User, decision: Decision) -> Decision:
    locked = (
        Decision.objects.select_for_update()
        .select_related("case", "case__agency")
        .get(pk=decision.pk)
    )
    if not may_change_draft(actor, locked):
        raise PermissionDenied("Only the practitioner who started this decision may change it.")
    if not locked.is_draft:
        raise ValidationError(
            "This decision has been submitted and cannot be changed. Record an amendment."
        )
    return locked


def decision_save_answer(
    *, actor: User, decision: Decision, number: int, answers: dict[str, Any]
) -> Decision:
    """Save one question page to the draft, the moment it is submitted (SPEC 4)."""
    if number not in range(1, 9):
        raise ValidationError("There is no such question")
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        locked.answers = {**locked.answers, f"q{number}": answers}
        locked.updated_at = timezone.now()
        locked.save(update_fields=["answers", "updated_at"])
        _event(actor, locked, "decision.answer_saved", {"question": number, "answers": answers})
    return locked


def _disclosure_for(
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


def decision_submit(*, actor: User, decision: Decision) -> Decision:
    """Submit the draft: it becomes the record, and the database will refuse to change it."""
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        engine_input = selectors.guidance_input(locked)
        path = guidance.route(engine_input)
        missing = [n for n in path if not locked.answers.get(f"q{n}")]
        if missing or path[-1] != 8:
            raise ValidationError(f"Answer question {(missing or [path[-1]])[0]} before submitting")
        # Only the pages the final branch visits form the record (SPEC 4).
        kept = {"start": locked.answers.get("start") or {}}
        kept.update({f"q{n}": locked.answers[f"q{n}"] for n in path})
        result = guidance.evaluate(engine_input)
        q1, q4, q7, q8 = (kept.get(f"q{n}") or {} for n in (1, 4, 7, 8))
        locked.answers = kept
        locked.status = Decision.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.updated_at = locked.submitted_at
        locked.recommendation = result.recommendation
        locked.guidance_reasons = list(result.reasons)
        locked.flags = [
            {"code": f.code, "message": f.message, "source": f.source, "severity": f.severity}
            for f in result.flags
        ]
        locked.needs_review = result.needs_review
        locked.outcome = q8.get("decision", "")
        locked.consent_status = q4.get("consent_status", "")
        locked.legal_bases = list(q1.get("legal_bases") or [])
        locked.recipient_agency_id = q7.get("recipient_agency_id") if 7 in path else None
        locked.save()
        relied_on = (
            [*(q4.get("consent_ids") or []), *(q4.get("refusal_ids") or [])] if 4 in path else []
        )
        locked.consents.set(relied_on)
        _event(
            actor,
            locked,
            "decision.submitted",
            {
                "answers": kept,
                "recommendation": result.recommendation,
                "guidance_reasons": list(result.reasons),
                "flags": locked.flags,
                "needs_review": result.needs_review,
                "outcome": locked.outcome,
                "amends": locked.amends_id,
                "amendment_reason": locked.amendment_reason,
            },
        )
        decision_option = cat.get(cat.DECISIONS, locked.outcome)
        if decision_option is not None and decision_option.shares and 7 in path:
            disclosure = _disclosure_for(locked, kept, result)
            events.append(
                actor=actor,
                action="disclosure.recorded",
                object_type="disclosure",
                object_id=disclosure.pk,
                case_id=locked.case_id,
                agency_id=locked.case.agency_id,
                payload=disclosure_facts(disclosure),
            )
            method = cat.get(cat.METHODS, disclosure.method)
            if method is not None and method.verbal:
                follow_up = FollowUp.objects.create(
                    decision=locked,
                    kind=FollowUp.Kind.CONFIRM_IN_WRITING,
                    due_on=disclosure.shared_at.date()
                    + datetime.timedelta(days=WRITTEN_CONFIRMATION_DAYS),
                )
                _event(
                    actor,
                    locked,
                    "follow_up.created",
                    {"follow_up": follow_up.pk, "kind": follow_up.kind, "due_on": follow_up.due_on},
                )
    return locked


def decision_amend(*, actor: User, decision: Decision, reason: str) -> Decision:
    """A correction to a submitted decision is a new draft linked to it, with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the amendment"})
    if decision.is_draft:
        raise ValidationError(
            "A draft can be changed directly; only submitted decisions are amended"
        )
    if not may_record_on_case_of(actor, decision):
        raise PermissionDenied("You may not record decisions on this case.")
    with transaction.atomic():
        amendment = Decision.objects.create(
            case=decision.case,
            author=actor,
            kind=decision.kind,
            answers=dict(decision.answers),
            amends=decision,
            amendment_reason=reason,
        )
        _event(
            actor,
            amendment,
            "decision.amendment_started",
            {"amends": decision.pk, "reason": reason},
        )
    return amendment


def follow_up_complete(*, actor: User, follow_up: FollowUp, notes: str) -> FollowUp:
    if not may_record_on_case_of(actor, follow_up.decision):
        raise PermissionDenied("You may not change this decision's follow-ups.")
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done_at is None:
            locked.done_at = timezone.now()
            locked.done_by = actor
            locked.notes = notes
            locked.save(update_fields=["done_at", "done_by", "notes"])
            _event(
                actor,
                follow_up.decision,
                "follow_up.completed",
                {"follow_up": locked.pk, "kind": locked.kind, "notes": notes},
            )
    return locked


def decision_log_export_record(*, actor: User, filters: dict[str, Any]) -> None:
    """An export of the decision log is itself an audit event, with its filters (SPEC 7)."""
    with transaction.atomic():
        events.append(
            actor=actor,
            action="decision_log.exported",
            object_type="decision_log",
            payload={"format": "csv", "filters": {k: str(v) for k, v in filters.items() if v}},
        )
