"""Roles as small predicates. Views and selectors ask these; nothing else reads `role`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from .models import Agency

    AnyUser = User | AnonymousUser


_CACHE = "_membership_cache"


def membership_of(user: AnyUser) -> Membership | None:
    """The user's membership with its agency, read once per user object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE):
        membership = Membership.objects.select_related("agency").filter(user_id=user.pk).first()
        setattr(user, _CACHE, membership)
    return getattr(user, _CACHE)


def has_role(user: AnyUser, role: str) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == role


def is_practitioner(user: AnyUser) -> bool:
    return has_role(user, Role.PRACTITIONER)


def is_lead_officer(user: AnyUser) -> bool:
    return has_role(user, Role.LEAD_OFFICER)


def is_auditor(user: AnyUser) -> bool:
    return has_role(user, Role.AUDITOR)


def is_agency_admin(user: AnyUser) -> bool:
    return has_role(user, Role.AGENCY_ADMIN)


def can_record_decisions(user: AnyUser) -> bool:
    """Practitioners and lead officers record decisions; auditors only read (SPEC 2)."""
    return has_role(user, Role.PRACTITIONER) or has_role(user, Role.LEAD_OFFICER)


def can_open_cases(user: AnyUser) -> bool:
    """Practitioners and lead officers open cases in their agency (SPEC 2)."""
    return can_record_decisions(user)


def is_lead_officer_of(user: AnyUser, agency: Agency) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role == Role.LEAD_OFFICER
        and membership.agency_id == agency.pk
    )


def audits(user: AnyUser, agency: Agency) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role == Role.AUDITOR
        and membership.audit_scope.filter(pk=agency.pk).exists()
    )


def sees_case_history(user: AnyUser, agency: Agency) -> bool:
    """A case's disclosure history and exports: its agency's lead officer, and auditors
    with the agency in scope (SPEC 2, 7)."""
    return is_lead_officer_of(user, agency) or audits(user, agency)
