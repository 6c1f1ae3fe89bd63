"""Writes about decisions. Each service saves the change and its audit event in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from agencies.permissions import may_change_draft, may_record_on, may_record_on_case_of
from audit import events
from records.models import Case

from . import catalogues as cat
from . import guidance, journey, selectors
from .disclosures import disclosure_facts, disclosure_for, follow_ups_owed
from .models import Decision, FollowUp
from .naming import draft_name
from .signals import decision_submitted

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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


def decision_save_start(*, actor: User, decision: Decision, start: dict[str, Any]) -> Decision:
    """Save what the decision is about: what prompted it, or the request."""
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        locked.answers = {**locked.answers, "start": start}
        locked.typed = {ref: data for ref, data in locked.typed.items() if ref != START_PAGE}
        locked.updated_at = timezone.now()
        locked.save(update_fields=["answers", "typed", "updated_at"])
        _event(actor, locked, "decision.start_saved", {"start": start})
    return locked


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


def _page(number: int, page: str) -> journey.PageSpec:
    spec = journey.page(number, page)
    if spec is None:
        raise ValidationError("There is no such question")
    return spec


def decision_save_answer(
    *, actor: User, decision: Decision, number: int, answers: dict[str, Any], page: str = ""
) -> Decision:
    """Save one page's valid answers to the draft, the moment it is submitted (SPEC 4): into
    its question's answers, replacing only that page's keys. What was typed on the page
    and kept with problems is no longer needed."""
    spec = _page(number, page)
    unknown = set(answers) - set(spec.keys)
    if unknown:
        raise ValidationError(f"Page {spec.ref} does not ask for {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        stored = locked.answers.get(f"q{number}") or {}
        locked.answers = {**locked.answers, f"q{number}": {**stored, **answers}}
        locked.typed = {ref: data for ref, data in locked.typed.items() if ref != spec.ref}
        locked.updated_at = timezone.now()
        locked.save(update_fields=["answers", "typed", "updated_at"])
        _event(
            actor,
            locked,
            "decision.answer_saved",
            {"question": number, "page": spec.slug, "answers": answers},
        )
    return locked


START_PAGE = "start"  # the "what the decision is about" page, in Decision.typed


def decision_keep_typed(
    *,
    actor: User,
    decision: Decision,
    page: str,
    typed: dict[str, list[str]],
    problems: list[str],
) -> Decision:
    """Keep a page exactly as typed when it is saved for later with problems ("Save and come
    back later"): it comes back as typed, with its errors. It counts for nothing else: the
    route, the guidance and submission read only valid answers. ``page`` is a
    sharing.journey page reference ("4/consents"), or "start"."""
    if page != START_PAGE and page not in journey.BY_REF:
        raise ValidationError("There is no such question")
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        locked.typed = {**locked.typed, page: typed}
        locked.updated_at = timezone.now()
        locked.save(update_fields=["typed", "updated_at"])
        _event(
            actor,
            locked,
            "decision.answer_kept_as_typed",
            {"page": page, "typed": typed, "problems": problems},
        )
    return locked


def decision_discard(*, actor: User, decision: Decision) -> None:
    """Discard a draft: it is deleted, and its audit events (every answer it held among them)
    stay in the log, with this one saying it was discarded."""
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        name = draft_name(locked.kind, locked.answers)
        _event(
            actor,
            locked,
            "decision.discarded",
            {"name": name, "kind": locked.kind, "amends": locked.amends_id},
        )
        try:
            locked.delete()
        except ProtectedError as error:  # the draft answers a request, or reconsiders one
            linked = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
            raise ValidationError(
                "This draft cannot be discarded: other records point to it "
                f"({', '.join(linked)}). Finish it, or ask your lead information officer."
            ) from error


def decision_submit(*, actor: User, decision: Decision) -> Decision:
    """Submit the draft: it becomes the record, and the database will refuse to change it."""
    with transaction.atomic():
        locked = _locked_draft(actor, decision)
        engine_input = selectors.guidance_input(locked)
        path, exit_ = guidance.branch(engine_input)
        states = journey.question_states(engine_input, locked.typed)
        missing = [s.number for s in states if s.number in path and s.todo]
        if missing or exit_ is None or path[-1] != 8:
            raise ValidationError(f"Answer question {(missing or [path[-1]])[0]} before submitting")
        # Only what the final branch asks forms the record (SPEC 4): the questions it
        # visits, and of each only the pages it needs.
        kept: dict[str, Any] = {"start": locked.answers.get("start") or {}}
        kept.update(journey.trimmed(engine_input, path))
        result = guidance.evaluate({**engine_input, **kept})
        q1, q4, q7, q8 = (kept.get(f"q{n}") or {} for n in (1, 4, 7, 8))
        locked.answers = kept
        locked.typed = {}
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
        # Issue 14: the clause relied on, if it is one the agencies signed (question 1).
        chosen = q1.get("agreement_clause_id")
        offered = (engine_input.get("agreements") or {}).get("offered") or []
        locked.agreement_clause_id = chosen if chosen in offered else None
        locked.save()
        relied_on = [*(q4.get("consent_ids") or []), *(q4.get("refusal_ids") or [])]
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
        disclosure = None
        if decision_option is not None and decision_option.shares and 7 in path:
            disclosure = disclosure_for(locked, kept, result)
            events.append(
                actor=actor,
                action="disclosure.recorded",
                object_type="disclosure",
                object_id=disclosure.pk,
                case_id=locked.case_id,
                agency_id=locked.case.agency_id,
                payload=disclosure_facts(disclosure),
            )
            for kind, due_on in follow_ups_owed(disclosure):
                follow_up = FollowUp.objects.create(decision=locked, kind=kind, due_on=due_on)
                _event(
                    actor,
                    locked,
                    "follow_up.created",
                    {"follow_up": follow_up.pk, "kind": follow_up.kind, "due_on": follow_up.due_on},
                )
        # The apps above act on it in this same transaction (the exchange's inbox).
        decision_submitted.send(
            sender=Decision, actor=actor, decision=locked, disclosure=disclosure
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
