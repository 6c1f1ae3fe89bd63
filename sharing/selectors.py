"""Reads of decisions and disclosures, scoped to what the user may see."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency
from consent.models import ConsentRecord
from records.access import get_or_404
from records.models import Case
from records.selectors import cases_visible_to

from . import guidance as engine
from .models import Decision, FollowUp

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
        scope = Q(case__agency_id=led) | Q(author_id=user.pk)
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
    case's consent records and the agencies one may share with."""
    return {
        "kind": decision.kind,
        "consents": case_consents(case=decision.case),
        "agencies": list(recipient_agencies()),
    }


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
    return data


@dataclass
class DraftProgress:
    """Where a decision stands, worked out once per request: the engine's input, the
    route through the questions, what is answered and what is missing, the guidance."""

    decision: Decision
    context: dict[str, Any]  # form_context(decision), read once
    engine_input: dict[str, Any]
    route: list[int]

    @functools.cached_property
    def missing(self) -> list[int]:
        """Questions on the route that have no saved answer yet."""
        answers = self.decision.answers
        return [n for n in self.route if not answers.get(f"q{n}")]

    @property
    def complete(self) -> bool:
        return not self.missing and self.route[-1] == 8

    @functools.cached_property
    def guidance(self) -> engine.Guidance:
        return engine.evaluate(self.engine_input)

    @functools.cached_property
    def guidance_before_decision(self) -> engine.Guidance:
        """What the procedures point to before the practitioner decides (the Q8 page)."""
        return engine.evaluate({k: v for k, v in self.engine_input.items() if k != "q8"})

    def next_after(self, number: int) -> int | None:
        return engine.next_question(self.engine_input, number)

    def with_answers(self, decision: Decision) -> DraftProgress:
        """The progress after `decision` saved an answer (the case's records unchanged)."""
        return _progress(decision, self.context)


def _progress(decision: Decision, context: dict[str, Any]) -> DraftProgress:
    engine_input = guidance_input(decision, consents=list(context["consents"]))
    return DraftProgress(decision, context, engine_input, engine.route(engine_input))


def draft_progress(user: User | AnonymousUser, *, decision: Decision) -> DraftProgress:
    """The progress of a decision the user has already opened (`get_decision_or_404`)."""
    return _progress(decision, form_context(decision))
