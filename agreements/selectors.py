"""Reads of agreements: an agency sees the agreements it is a party to (ADR 0035)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Prefetch
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency
from records.access import get_or_404

from .models import Agreement, Clause, Party

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet


def agreements_visible_to(user: User | AnonymousUser) -> QuerySet[Agreement]:
    """The agreements the user's agency (or an auditor's scope) is a party to."""
    agencies = permissions.agreement_reader_agencies(user)
    return (
        Agreement.objects.filter(
            pk__in=Party.objects.filter(agency_id__in=agencies).values("agreement_id")
        )
        .select_related("recorded_by_agency")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("agency")),
        )
        .order_by("title", "version", "id")
    )


def agreement_or_404(user: User | AnonymousUser, *, agreement_id: int) -> Agreement:
    """One agreement the user's agency is a party to; any other answers 404, logged on the
    chain of the agency that recorded it."""
    visible = agreements_visible_to(user).prefetch_related(
        Prefetch(
            "clauses",
            queryset=Clause.objects.prefetch_related("covers").order_by("id"),
        )
    )
    return get_or_404(
        user,
        visible,
        agreement_id,
        object_type="agreement",
        owner=Agreement.objects.all(),
        agency_field="recorded_by_agency_id",
    )


def clauses_covering(*, sender_id: int, recipient_id: int | None) -> QuerySet[Clause]:
    """The clauses a decision from ``sender_id`` to ``recipient_id`` may rely on: of
    agreements both agencies signed, clauses that cover both (Oxfordshire's scope;
    Bromley section 12). With no recipient agency yet, none."""
    if recipient_id is None or recipient_id == sender_id:
        return Clause.objects.none()
    signed_by_both = Agreement.objects.filter(parties__agency_id=sender_id).filter(
        parties__agency_id=recipient_id
    )
    return (
        Clause.objects.filter(agreement__in=signed_by_both, covers=sender_id)
        .filter(covers=recipient_id)
        .select_related("agreement")
        .order_by("agreement__title", "agreement_id", "id")
        .distinct()
    )


def past_review(user: User | AnonymousUser) -> QuerySet[Agreement]:
    """Agreements the user's own agency signed whose review date has passed (the queue)."""
    agency_id = permissions.member_agency(user)
    if agency_id is None:
        return Agreement.objects.none()
    return (
        Agreement.objects.filter(parties__agency_id=agency_id, review_on__lt=timezone.localdate())
        .select_related("recorded_by_agency")
        .order_by("review_on", "id")
    )


def agencies_other_than(agency_ids: list[int]) -> QuerySet[Agency]:
    """Agencies that may still sign an agreement: those not already a party."""
    return Agency.objects.exclude(pk__in=agency_ids).order_by("name")


def agencies_in(agency_ids: list[int]) -> QuerySet[Agency]:
    """An agreement's parties, as the agencies a clause may cover."""
    return Agency.objects.filter(pk__in=agency_ids).order_by("name")


def clauses_of_sender(sender_id: int) -> list[dict[str, object]]:
    """Every clause that covers the sending agency, in one query, with the agencies it
    covers and the agreement's parties, for a decision's question 1 and the engine."""
    covering_sender = Clause.covers.through.objects.filter(agency_id=sender_id).values("clause_id")
    rows = (
        Clause.objects.filter(pk__in=covering_sender)
        .select_related("agreement")
        .annotate(
            cover_ids=ArrayAgg("covers__id", distinct=True, default=[]),
            cover_names=ArrayAgg("covers__name", distinct=True, default=[]),
            party_ids=ArrayAgg("agreement__parties__agency_id", distinct=True, default=[]),
        )
        .order_by("agreement__title", "agreement_id", "id")
    )
    return [
        {
            "id": clause.pk,
            "words": str(clause),
            "covers": sorted(clause.cover_names),
            # A clause binds only agencies that both signed and are covered by it.
            "bound": sorted(set(clause.cover_ids) & set(clause.party_ids)),
        }
        for clause in rows
    ]
