"""Scoped reads of subject access requests: another agency's answers 404 (house rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from agencies import permissions
from records.models import Case

from .models import Item, SubjectAccessRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def requests_for(user: User | AnonymousUser) -> QuerySet[SubjectAccessRequest]:
    agency_id = permissions.subject_access_agency(user)
    if agency_id is None:
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.filter(agency_id=agency_id).select_related("case", "agency")


def open_requests(user: User | AnonymousUser) -> QuerySet[SubjectAccessRequest]:
    return requests_for(user).exclude(status="released").order_by("due_on", "id")


def open_requests_of(agency_id: int) -> QuerySet[SubjectAccessRequest]:
    """The agency's open requests, soonest due first: for a caller that has already asked
    permissions.subject_access_agency (the home queue)."""
    return (
        SubjectAccessRequest.objects.filter(agency_id=agency_id)
        .exclude(status="released")
        .order_by("due_on", "id")
    )


def get_request_or_404(user: User | AnonymousUser, *, sar_id: int) -> SubjectAccessRequest:
    found = requests_for(user).filter(pk=sar_id).first()
    if found is None:
        raise Http404
    return found


def get_item_or_404(sar: SubjectAccessRequest, *, item_id: int) -> Item:
    found = Item.objects.filter(request=sar, pk=item_id).first()
    if found is None:
        raise Http404
    return found


def case_for_request_or_404(user: User | AnonymousUser, *, case_id: int) -> Case:
    """A case of the agency whose subject access this user handles."""
    agency_id = permissions.subject_access_agency(user)
    found = (
        Case.objects.filter(agency_id=agency_id, pk=case_id).first()
        if agency_id is not None
        else None
    )
    if found is None:
        raise Http404
    return found


def case_by_reference(user: User | AnonymousUser, reference: str) -> Case | None:
    agency_id = permissions.subject_access_agency(user)
    if agency_id is None:
        return None
    return Case.objects.filter(agency_id=agency_id, reference__iexact=reference.strip()).first()
