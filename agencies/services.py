"""Writes about agencies and their people, each with its audit event in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction

from audit import events

from .models import Agency, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def agency_create(*, actor: User | None, name: str, kind: str, **fields: Any) -> Agency:
    with transaction.atomic():
        agency = Agency.objects.create(name=name, kind=kind, **fields)
        events.append(
            actor=actor,
            action="agency.created",
            object_type="agency",
            object_id=agency.pk,
            agency_id=agency.pk,
            payload={"name": name, "kind": kind, **dict(fields.items())},
        )
    return agency


def member_create(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    audit_scope: list[Agency] | None = None,
) -> Membership:
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        membership = Membership.objects.create(
            user=user, agency=agency, role=role, job_title=job_title
        )
        if audit_scope:
            membership.audit_scope.set(audit_scope)
        events.append(
            actor=actor,
            action="membership.created",
            object_type="membership",
            object_id=membership.pk,
            agency_id=agency.pk,
            payload={
                "username": username,
                "role": role,
                "job_title": job_title,
                "audit_scope": sorted(a.pk for a in audit_scope or []),
            },
        )
    return membership


def admin_change_record(
    *,
    actor: User,
    obj: Any,
    change: str,
    changed_fields: list[str],
    agency_id: int | None,
) -> None:
    """A superuser's change through Django's admin, written to the audit log.

    Called by the admin inside the same transaction as the change (agencies/admin.py).
    """
    events.append(
        actor=actor,
        action=f"admin.{change}",
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        agency_id=agency_id,
        payload={"changed_fields": sorted(changed_fields), "object": str(obj)},
    )


def audit_scope_record(
    *, actor: User, membership: Membership, before: set[int], after: set[int]
) -> None:
    """An auditor's scope (the agencies whose records they read) has changed.

    One event on the chain of each agency concerned: the auditor's own, and every agency
    given or taken away, so each sees in its own log who may now audit it (issue 14).
    Called inside the transaction that changed the scope.
    """
    added, removed = sorted(after - before), sorted(before - after)
    if not (added or removed):
        return
    payload = {
        "auditor_user_id": membership.user_id,
        "auditor_agency_id": membership.agency_id,
        "added": added,
        "removed": removed,
    }
    for agency_id in sorted({membership.agency_id, *added, *removed}):
        events.append(
            actor=actor,
            action="auditor.scope_changed",
            object_type="membership",
            object_id=membership.pk,
            agency_id=agency_id,
            payload=payload,
        )


def audit_scope_set(*, actor: User, membership: Membership, agencies: list[Agency]) -> None:
    """Set the agencies an auditor audits (a system administrator's change)."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        before = set(locked.audit_scope.values_list("pk", flat=True))
        locked.audit_scope.set(agencies)
        audit_scope_record(
            actor=actor, membership=locked, before=before, after={a.pk for a in agencies}
        )
