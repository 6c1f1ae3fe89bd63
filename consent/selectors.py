"""Reads of consent records, always through the cases the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from records.access import get_or_404
from records.models import Case
from records.selectors import cases_visible_to

from .models import ConsentRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def consents_visible_to(user: User | AnonymousUser) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case", "case__agency", "recorded_by", "connected_person"
    )


def consents_for_case(*, case: Case) -> QuerySet[ConsentRecord]:
    """A case's consents; the caller has already opened the case through the access helper."""
    return (
        ConsentRecord.objects.filter(case=case)
        .select_related("recorded_by", "connected_person")
        .prefetch_related("scope_agencies")
        .order_by("-obtained_on", "-id")
    )


def get_consent_or_404(user: User | AnonymousUser, *, consent_id: object) -> ConsentRecord:
    return get_or_404(
        user,
        consents_visible_to(user).prefetch_related("scope_agencies"),
        consent_id,
        object_type="consent",
        owner=ConsentRecord.objects.all(),
        agency_field="case__agency_id",
        case_field="case_id",
    )
