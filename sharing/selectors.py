"""Reads of decisions and disclosures, scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from agencies.models import Agency, Role
from agencies.roles import membership_of
from consent.models import ConsentRecord
from records.access import get_or_404
from records.models import Case
from records.selectors import cases_visible_to

from . import guidance
from .models import Decision

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def decisions_visible_to(user: User | AnonymousUser) -> QuerySet[Decision]:
    """Practitioners see their own decisions; lead officers their agency's; auditors the
    submitted decisions of the agencies in their scope (SPEC 2)."""
    membership = membership_of(user)
    if membership is None:
        return Decision.objects.none()
    on_visible_cases = Decision.objects.filter(case__in=cases_visible_to(user))
    if membership.role == Role.LEAD_OFFICER:
        scope = Q(case__agency_id=membership.agency_id) | Q(author_id=user.pk)
    elif membership.role == Role.AUDITOR:
        scope = Q(status=Decision.Status.SUBMITTED)
    else:
        scope = Q(author_id=user.pk)
    return on_visible_cases.filter(scope).select_related("case", "case__agency", "author", "amends")


def get_decision_or_404(user: User | AnonymousUser, decision_id: object) -> Decision:
    return get_or_404(
        user,
        decisions_visible_to(user),
        decision_id,
        object_type="decision",
        owner=Decision.objects.all(),
        agency_field="case__agency_id",
        case_field="case_id",
    )


def decisions_for_case(user: User | AnonymousUser, case: Case) -> QuerySet[Decision]:
    return decisions_visible_to(user).filter(case=case).order_by("-created_at", "-id")


def case_consents(case: Case) -> QuerySet[ConsentRecord]:
    return (
        ConsentRecord.objects.filter(case=case)
        .prefetch_related("scope_agencies")
        .order_by("-obtained_on", "-id")
    )


def guidance_input(decision: Decision, *, answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine's input: the stored answers, the case's consents, and today's date."""
    data = dict(decision.answers if answers is None else answers)
    data.pop("start", None)
    data["kind"] = decision.kind
    data["as_of"] = timezone.localdate().isoformat()
    data["consents"] = [consent.as_guidance_input() for consent in case_consents(decision.case)]
    return data


def evaluate(decision: Decision, *, without_decision: bool = False) -> guidance.Guidance:
    answers = dict(decision.answers)
    if without_decision:
        answers.pop("q8", None)
    return guidance.evaluate(guidance_input(decision, answers=answers))


def unanswered(decision: Decision) -> list[int]:
    """Questions on the current route that have no saved answer yet."""
    return [
        n for n in guidance.route(guidance_input(decision)) if not decision.answers.get(f"q{n}")
    ]


def recipient_agencies() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


def question_context(decision: Decision) -> dict[str, Any]:
    """What the question forms need to offer their choices: the case's consent records and
    the agencies one may share with."""
    return {
        "kind": decision.kind,
        "consents": case_consents(decision.case),
        "agencies": list(recipient_agencies()),
    }
