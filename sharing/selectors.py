"""Reads of decisions and disclosures, scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency
from agreements.selectors import clauses_of_sender
from consent.models import ConsentRecord
from records.access import get_or_404
from records.models import Case
from records.selectors import cases_visible_to

from .models import Decision, Disclosure, FollowUp
from .progress import DraftProgress

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def decisions_visible_to(user: User | AnonymousUser) -> QuerySet[Decision]:
    """Practitioners see their own decisions; lead officers their agency's; auditors the
    submitted decisions of the agencies in their scope (SPEC 2)."""
    if permissions.membership_of(user) is None:
        return Decision.objects.none()
    on_visible_cases = Decision.objects.filter(case__in=cases_visible_to(user))
    led = permissions.agency_led_by(user)
    if led is not None:
        scope = Q(agency_id=led) | Q(author_id=user.pk)
    elif permissions.reads_submitted_decisions_only(user):
        scope = Q(status=Decision.Status.SUBMITTED)
    else:
        scope = Q(author_id=user.pk)
    return on_visible_cases.filter(scope).select_related("case", "case__agency", "author", "amends")


def get_decision_or_404(user: User | AnonymousUser, *, decision_id: object) -> Decision:
    return get_or_404(
        user,
        decisions_visible_to(user),
        decision_id,
        object_type="decision",
        owner=Decision.objects.all(),
        agency_field="case__agency_id",
        case_field="case_id",
    )


def decisions_for_case(user: User | AnonymousUser, *, case: Case) -> QuerySet[Decision]:
    return decisions_visible_to(user).filter(case=case).order_by("-created_at", "-id")


def amendments_of(user: User | AnonymousUser, *, decision: Decision) -> QuerySet[Decision]:
    return decisions_visible_to(user).filter(amends=decision)


def follow_up_or_404(*, decision: Decision, follow_up_id: int) -> FollowUp:
    """One of the decision's follow-ups (the decision already opened for the user)."""
    follow_up = (
        FollowUp.objects.select_related("decision__case")
        .filter(pk=follow_up_id, decision=decision)
        .first()
    )
    if follow_up is None:
        raise Http404("No such follow-up")
    return follow_up


def disclosure_of(*, decision: Decision) -> Disclosure | None:
    """What a submitted decision shared (the decision already opened for the user)."""
    return (
        Disclosure.objects.select_related("originator").filter(decision=decision).first()
        if not decision.is_draft
        else None
    )


def case_consents(*, case: Case) -> QuerySet[ConsentRecord]:
    """A case's consent records (the case already opened), for the engine and Q4."""
    return (
        ConsentRecord.objects.filter(case=case)
        .prefetch_related("scope_agencies")
        .order_by("-obtained_on", "-id")
    )


def recipient_agencies() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


def form_context(decision: Decision) -> dict[str, Any]:
    """What the question forms need to offer their choices and show stored answers: the
    case's consent records, the agencies one may share with, the kind of agency (for the
    legal bases it usually relies on) and the answers so far."""
    return {
        "kind": decision.kind,
        "consents": list(case_consents(case=decision.case)),
        "agencies": list(recipient_agencies()),
        "agency_kind": decision.case.agency.kind,
        "answers": decision.answers,
        "clauses": agreement_facts(decision, decision.answers)["offered_clauses"],
    }


def _recipient_secure_domains(data: dict[str, Any]) -> list[str] | None:
    """The receiving agency's secure e-mail domains, read only once an address is recorded
    (L 4.7.8; B 8); None when there is nothing to check against."""
    q7 = data.get("q7") or {}
    recipient = q7.get("recipient_agency_id")
    if not q7.get("recipient_email") or not isinstance(recipient, int):
        return None
    domains = Agency.objects.filter(pk=recipient).values_list("secure_email_domains", flat=True)
    return list(domains.first() or [])


def _recipient_id(decision: Decision, answers: dict[str, Any]) -> int | None:
    """The receiving agency, once known: question 7's, or a received request's requester."""
    q7 = answers.get("q7") or {}
    start = answers.get("start") or decision.answers.get("start") or {}
    chosen = q7.get("recipient_agency_id")
    if chosen is None and decision.kind == "request_received":
        chosen = start.get("requester_agency_id")
    return chosen if isinstance(chosen, int) else None


def agreement_facts(decision: Decision, answers: dict[str, Any]) -> dict[str, Any]:
    """The agreement clauses a decision may rely on (issue 14). Once the receiving agency
    is known, only clauses both agencies signed and that cover both are offered; before,
    every clause that binds the sending agency and another. ``covering`` are those that
    bind both: the engine flags a decision relying on none of them (O scope; B 12).
    Read once per decision and recipient in a request."""
    recipient = _recipient_id(decision, answers)
    cache = decision.__dict__.setdefault("_agreement_facts", {})
    if recipient not in cache:
        sender = decision.case.agency_id
        clauses = [c for c in clauses_of_sender(sender) if len(c["bound"]) > 1]  # type: ignore[arg-type]
        covering = [c for c in clauses if recipient in c["bound"]]  # type: ignore[operator]
        offered = covering if recipient is not None else clauses
        cache[recipient] = {
            "recipient_known": recipient is not None,
            "offered": [c["id"] for c in offered],
            "covering": [c["id"] for c in covering],
            "offered_clauses": offered,
        }
    return cache[recipient]


def drafts_of(user: User | AnonymousUser) -> QuerySet[Decision]:
    """The user's own drafts, most recently saved first (their home page lists them)."""
    if permissions.membership_of(user) is None:
        return Decision.objects.none()
    return (
        decisions_visible_to(user)
        .filter(author_id=user.pk, status=Decision.Status.DRAFT)
        .order_by("-updated_at", "-id")
    )


def guidance_input(
    decision: Decision,
    *,
    answers: dict[str, Any] | None = None,
    consents: list[ConsentRecord] | None = None,
) -> dict[str, Any]:
    """The engine's input: the stored answers, the case's consents, and today's date."""
    data = dict(decision.answers if answers is None else answers)
    data.pop("start", None)
    today = timezone.localdate()
    data["kind"] = decision.kind
    data["as_of"] = today.isoformat()
    data["child_age"] = decision.case.age_on(today)  # L 4.3.15-4.3.16
    records = list(case_consents(case=decision.case)) if consents is None else consents
    data["consents"] = [consent.as_guidance_input() for consent in records]
    facts = agreement_facts(decision, data)
    data["recipient_secure_domains"] = _recipient_secure_domains(data)
    data["agreements"] = {k: facts[k] for k in ("recipient_known", "offered", "covering")}
    return data


def _progress(decision: Decision, context: dict[str, Any]) -> DraftProgress:
    engine_input = guidance_input(decision, consents=list(context["consents"]))
    return DraftProgress(
        decision, {**context, "answers": decision.answers}, engine_input, _progress
    )


def draft_progress(user: User | AnonymousUser, *, decision: Decision) -> DraftProgress:
    """The progress of a decision the user has already opened (`get_decision_or_404`)."""
    return _progress(decision, form_context(decision))
