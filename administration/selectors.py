"""Reads for an agency's administrators: their own agency's members, and nobody else's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from accounts.services import access_refused_record
from agencies import permissions
from agencies.models import Membership, OfficerAppointment
from sharing.models import Decision

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet


def agency_members(user: User | AnonymousUser) -> QuerySet[Membership]:
    """The members of the administrator's agency, by surname; none for anyone else."""
    agency_id = permissions.agency_administered_by(user)
    if agency_id is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(agency_id=agency_id)
        .select_related("user", "agency")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )


def agency_member_or_404(user: User | AnonymousUser, *, user_id: int) -> Membership:
    """One member of the administrator's agency. Another agency's member answers 404 like
    a missing page, and the refusal is logged on that agency's chain (SPEC 2)."""
    membership = agency_members(user).filter(user_id=user_id).first()
    if membership is not None:
        return membership
    agency_id = (
        Membership.objects.filter(user_id=user_id).values_list("agency_id", flat=True).first()
    )
    if agency_id is not None and agency_id != permissions.agency_administered_by(user):
        access_refused_record(actor=user, user_id=user_id, agency_id=agency_id)
    raise Http404("No such page")


def leavers_drafts(user: User | AnonymousUser) -> QuerySet[Decision]:
    """Drafts left open by people who have left the lead officer's agency, to reassign."""
    agency_id = permissions.agency_led_by(user)
    if agency_id is None or not permissions.sees_leavers_drafts(user):
        return Decision.objects.none()
    return (
        Decision.objects.filter(
            agency_id=agency_id, status=Decision.Status.DRAFT, author__is_active=False
        )
        .select_related("case", "author")
        .order_by("updated_at", "id")
    )


def officer_register(
    user: User | AnonymousUser,
) -> list[tuple[str, str, OfficerAppointment | None]]:
    """The administrator's agency's register: each office it names (code, words) with its
    holder, or None while nobody is named."""
    agency_id = permissions.agency_administered_by(user)
    membership = permissions.membership_of(user)
    if agency_id is None or membership is None:
        return []
    held = {
        appointment.office: appointment
        for appointment in OfficerAppointment.objects.filter(agency_id=agency_id).select_related(
            "membership__user"
        )
    }
    return [
        (office.value, office.label, held.get(office.value))
        for office in permissions.offices_of(membership.agency)
    ]
