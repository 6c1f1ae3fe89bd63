"""Reads for review: what waits for whom, a decision's review history, escalations.

The caller has opened the decision through `sharing.selectors.get_decision_or_404` where a
decision is passed in; escalations are read only by the two agencies' lead officers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from agencies import permissions
from agencies.models import Agency
from records.access import get_or_404
from sharing.models import Decision

from .models import CLOSED, ActionKind, Escalation, Reconsideration, Review, ReviewAction, State
from .reconsider import may_be_reconsidered

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser


def _amended() -> Exists:
    """The decision has a submitted amendment: it is reviewed through that from now on."""
    return Exists(Decision.objects.filter(amends=OuterRef("pk"), status=Decision.Status.SUBMITTED))


def awaiting_review(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Submitted decisions the officer has still to act on: flagged by the guidance, an
    amendment answering a return, or back from an escalation; not yet acted on, and not
    since amended.

    Written as small sets the agency's decisions are checked against (reviews awaiting,
    returns) rather than joins to every decision's review, so that at a million decisions
    the count reads the agency's index entries once (docs/adr/0037)."""
    reviews = Review.objects.all()
    wants_review = (
        Q(needs_review=True)
        | Q(pk__in=reviews.filter(state=State.AWAITING).values("decision_id"))
        | Q(amends__in=reviews.filter(state=State.RETURNED).values("decision_id"))
    )
    acted_on = Exists(reviews.filter(decision=OuterRef("pk")).exclude(state=State.AWAITING))
    return (
        decisions.filter(status=Decision.Status.SUBMITTED)
        .filter(wants_review)
        .exclude(acted_on)
        .exclude(_amended())
    )


def in_state(decisions: QuerySet[Decision], state: str) -> QuerySet[Decision]:
    """Decisions whose review is in `state` (awaiting: as `awaiting_review`)."""
    if state == State.AWAITING:
        return awaiting_review(decisions)
    found = decisions.filter(review__state=state)
    if state == State.RETURNED:
        found = found.exclude(_amended())  # answered returns are no longer waiting
    return found


def agency_decisions(agency_id: int) -> QuerySet[Decision]:
    return Decision.objects.filter(agency_id=agency_id)


def returned_unanswered(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    return in_state(decisions, State.RETURNED)


def escalations_visible_to(user: AnyUser) -> QuerySet[Escalation]:
    led = permissions.agency_led_by(user)
    if led is None:
        return Escalation.objects.none()
    return Escalation.objects.filter(Q(from_agency_id=led) | Q(to_agency_id=led)).select_related(
        "from_agency", "to_agency", "raised_by", "responded_by", "decision"
    )


def escalations_received(user: AnyUser) -> QuerySet[Escalation]:
    led = permissions.agency_led_by(user)
    return escalations_visible_to(user).filter(to_agency_id=led)


def escalations_sent(user: AnyUser) -> QuerySet[Escalation]:
    led = permissions.agency_led_by(user)
    return escalations_visible_to(user).filter(from_agency_id=led)


def get_escalation_or_404(user: AnyUser, *, escalation_id: object) -> Escalation:
    return get_or_404(
        user,
        escalations_visible_to(user),
        escalation_id,
        object_type="escalation",
        owner=Escalation.objects.all(),
        agency_field="from_agency_id",
        case_field="decision__case_id",
    )


@dataclass
class ReviewPanel:
    """Everything the record shows about a decision's review, read in a fixed number of
    queries: its state, its history, the determination, the links of reconsideration."""

    decision: Decision
    review: Review | None
    actions: list[ReviewAction]
    reconsiders: Reconsideration | None
    reconsidered_by: list[Reconsideration]
    answered_by: Decision | None
    may_review: bool
    may_reconsider: bool
    escalations: list[Escalation] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        if self.review is not None:
            if self.review.state == State.RETURNED and self.answered_by is not None:
                return f"Returned, and answered by decision {self.answered_by.pk}"
            return self.review.get_state_display()
        if self.decision.is_draft:
            return ""
        return "Awaiting review" if self.wants_review else "Not needed: no flags"

    @property
    def wants_review(self) -> bool:
        return self.decision.needs_review or (self.review is not None) or self.answers_return

    @property
    def answers_return(self) -> bool:
        amends = self.decision.amends
        review = getattr(amends, "review", None) if amends is not None else None
        return review is not None and review.state == State.RETURNED

    @property
    def open_for_action(self) -> bool:
        state = self.review.state if self.review is not None else State.AWAITING
        return (
            self.may_review
            and not self.decision.is_draft
            and state == State.AWAITING
            and self.answered_by is None
        )

    @property
    def determination(self) -> ReviewAction | None:
        found = [a for a in self.actions if a.kind == ActionKind.DETERMINED]
        return found[-1] if found else None

    @property
    def is_closed(self) -> bool:
        return self.review is not None and self.review.state in CLOSED


def review_panel(user: AnyUser, *, decision: Decision) -> ReviewPanel:
    if decision.is_draft:  # nothing to review yet: only what it reconsiders, if anything
        reconsidering = (
            Reconsideration.objects.filter(decision=decision).select_related("original").first()
        )
        return ReviewPanel(
            decision=decision,
            review=None,
            actions=[],
            reconsiders=reconsidering,
            reconsidered_by=[],
            answered_by=None,
            may_review=False,
            may_reconsider=False,
        )
    review = Review.objects.filter(decision=decision).select_related("updated_by").first()
    actions = (
        list(review.actions.select_related("actor", "actor_agency", "escalation__to_agency"))
        if review is not None
        else []
    )
    reconsiders = (
        Reconsideration.objects.filter(decision=decision).select_related("original").first()
    )
    reconsidered_by = list(
        Reconsideration.objects.filter(original=decision).select_related("decision")
    )
    answered_by = (
        Decision.objects.filter(amends=decision, status=Decision.Status.SUBMITTED)
        .order_by("submitted_at", "id")
        .first()
    )
    return ReviewPanel(
        decision=decision,
        review=review,
        actions=actions,
        reconsiders=reconsiders,
        reconsidered_by=reconsidered_by,
        answered_by=answered_by,
        may_review=permissions.may_review_decision(user, decision),
        may_reconsider=may_be_reconsidered(decision) and permissions.may_reconsider(user, decision),
    )


def agencies_to_escalate_to(decision: Decision) -> QuerySet[Agency]:
    """Every other agency: the one the decision concerns is offered first in the page's
    wording, but a disagreement can be with any partner (B 11)."""
    return Agency.objects.exclude(pk=decision.case.agency_id).order_by("name")
