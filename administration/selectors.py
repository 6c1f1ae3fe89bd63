"""Reads for an agency's administrators: their own agency's members, and nobody else's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.http import Http404

from accounts.selectors import has_second_factor as user_has_second_factor
from accounts.services import access_refused_record
from agencies import permissions
from agencies.models import Agency, Membership, OfficerAppointment
from audit.models import AuditEvent
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


def administered_agency(user: User | AnonymousUser) -> Agency:
    """The administrator's own agency (the views check the role first)."""
    agency_id = permissions.agency_administered_by(user)
    if agency_id is None:
        raise Http404("No such page")
    return Agency.objects.get(pk=agency_id)


def has_second_factor(membership: Membership) -> bool:
    """Whether the member has an authenticator app or backup codes set up."""
    return user_has_second_factor(membership.user)


SCOPE_CHANGES_SHOWN = 10


def auditors_and_scope_changes(
    user: User | AnonymousUser,
) -> tuple[list[Membership], list[dict[str, object]]]:
    """Who may audit the administrator's agency, and the latest changes to that, in words
    (from the events on the agency's own chain, issue 14)."""
    agency_id = permissions.agency_administered_by(user)
    if agency_id is None:
        return [], []
    auditors = list(
        permissions.auditors_of(agency_id).order_by("user__last_name", "user__first_name")
    )
    changes = list(
        AuditEvent.objects.filter(chain=f"agency:{agency_id}", action="auditor.scope_changed")
        .order_by("-seq")
        .values("occurred_at", "actor_id", "payload")[:SCOPE_CHANGES_SHOWN]
    )
    people = {
        person.pk: person
        for person in get_user_model()
        .objects.filter(
            pk__in={c["payload"].get("auditor_user_id") for c in changes}
            | {c["actor_id"] for c in changes}
        )
        .select_related("membership__agency")
    }

    def name(user_id: object) -> str:
        person = people.get(user_id)  # type: ignore[call-overload]
        return (person.get_full_name() if person else "") or "A person no longer on the service"

    rows = []
    for change in changes:
        payload = change["payload"]
        auditor = people.get(payload.get("auditor_user_id"))
        auditor_agency = getattr(getattr(auditor, "membership", None), "agency", None)
        if agency_id in payload.get("added", []):
            what = "may now audit your agency's records"
        elif agency_id in payload.get("removed", []):
            what = "no longer audits your agency's records"
        else:
            what = "had the agencies they audit changed"
        rows.append(
            {
                "when": change["occurred_at"],
                "auditor": name(payload.get("auditor_user_id")),
                "auditor_agency": auditor_agency.name if auditor_agency else "",
                "what": what,
                "by": name(change["actor_id"]),
            }
        )
    return auditors, rows
