"""The agency decision log (SPEC 6): the decisions a lead officer or auditor sees, filtered,
and their counts."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from agencies import permissions

from ..models import Decision, FollowUp
from . import extensions

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def decision_log(user: User | AnonymousUser, *, filters: dict[str, Any]) -> QuerySet[Decision]:
    """The decisions of the agencies the user's log covers, filtered (SPEC 6)."""
    decisions = Decision.objects.filter(agency__in=permissions.decision_log_agencies(user))
    if permissions.reads_submitted_decisions_only(user):
        decisions = decisions.filter(status=Decision.Status.SUBMITTED)
    status = filters.get("status") or "submitted"
    if status != "all":
        decisions = decisions.filter(status=status)
    if filters.get("flagged") == "yes":
        decisions = decisions.filter(needs_review=True)
    elif filters.get("flagged") == "no":
        decisions = decisions.filter(needs_review=False)
    for field in ("outcome", "consent_status"):
        if filters.get(field):
            decisions = decisions.filter(**{field: filters[field]})
    if filters.get("legal_basis"):
        decisions = decisions.filter(legal_bases__contains=[filters["legal_basis"]])
    if filters.get("follow_up") == "outstanding":
        decisions = decisions.filter(
            Exists(FollowUp.objects.filter(decision=OuterRef("pk"), done_at__isnull=True))
        )
    if filters.get("practitioner"):
        decisions = decisions.filter(author=filters["practitioner"])
    if filters.get("recipient_agency"):
        decisions = decisions.filter(recipient_agency=filters["recipient_agency"])
    if filters.get("agency"):
        decisions = decisions.filter(agency=filters["agency"])
    # Whole local days, as times, so that the index on the submission time answers them.
    if filters.get("submitted_from"):
        decisions = decisions.filter(submitted_at__gte=_start_of(filters["submitted_from"]))
    if filters.get("submitted_to"):
        next_day = filters["submitted_to"] + datetime.timedelta(days=1)
        decisions = decisions.filter(submitted_at__lt=_start_of(next_day))
    for extra in extensions.registered():
        if filters.get(extra.name):
            decisions = extra.apply(decisions, filters[extra.name])
    return decisions.order_by("-submitted_at", "-created_at", "-id")


def counts(decisions: QuerySet[Decision]) -> dict[str, int]:
    return decisions.order_by().aggregate(
        total=Count("id"),
        flagged=Count("id", filter=Q(needs_review=True)),
        shared=Count("id", filter=Q(outcome__in=["share", "share_part"])),
        not_shared=Count("id", filter=Q(outcome="do_not_share")),
    )


def page_rows(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """What each row of the page shows, read with the page in one query."""
    return decisions.select_related("case", "case__agency", "author", "recipient_agency")
