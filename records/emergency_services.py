"""Emergency access (SPEC 6; docs/adr/0024): justify, access for a limited time, review.

Each service saves its change and its audit event in one transaction; granting also tells
the agency's lead officers, in the service and by e-mail, that emergency access was used.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from audit import events
from notifications.models import Kind
from notifications.services import notification_send

from .models import EMERGENCY_ACCESS_HOURS, Case, EmergencyAccess
from .selectors import cases_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _time(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M on %-d %B %Y}"


def emergency_access_grant(
    *, actor: User, case: Case, reason: str, details: str
) -> EmergencyAccess:
    """Open `case` to `actor` for EMERGENCY_ACCESS_HOURS, with their reason, and tell the
    lead officers of the case's agency, who review every such access."""
    if not permissions.may_ask_emergency_access(actor, case):
        raise PermissionDenied("Only practitioners of the case's own agency may ask for this.")
    details = details.strip()
    problems = {}
    if reason not in EmergencyAccess.Reason.values:
        problems["reason"] = "Select why you need to see this case now"
    if not details:
        problems["details"] = "Explain why you need to see this case now"
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one request at a time
        now = timezone.now()
        current = EmergencyAccess.objects.filter(user=actor, case=case, expires_at__gt=now)
        if current.exists():
            raise ValidationError(
                f"You already have emergency access to this case until "
                f"{_time(current.latest('expires_at').expires_at)}"
            )
        if cases_visible_to(actor).filter(pk=case.pk).exists():
            raise ValidationError("You can already see this case: you do not need emergency access")
        access = EmergencyAccess.objects.create(
            case=case,
            user=actor,
            reason=reason,
            details=details,
            granted_at=now,
            expires_at=now + datetime.timedelta(hours=EMERGENCY_ACCESS_HOURS),
        )
        events.append(
            actor=actor,
            action="access.emergency_granted",
            object_type="emergency_access",
            object_id=access.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload={
                "reason": reason,
                "details": details,
                "granted_at": access.granted_at,
                "expires_at": access.expires_at,
            },
        )
        url = reverse("records:emergency_access_review", args=[access.pk])
        for lead in permissions.lead_officers_of(case.agency_id):
            notification_send(actor=actor, recipient=lead, kind=Kind.EMERGENCY_ACCESS_USED, url=url)
    return access


def emergency_access_review(
    *, actor: User, access: EmergencyAccess, outcome: str, notes: str
) -> EmergencyAccess:
    """The lead officer marks the access appropriate, or raises a concern with notes."""
    if not permissions.may_review_emergency_access(actor, access):
        raise PermissionDenied("Only the agency's lead information officer reviews this.")
    notes = notes.strip()
    if outcome not in EmergencyAccess.Outcome.values:
        raise ValidationError({"outcome": "Select whether the access was appropriate"})
    if outcome == EmergencyAccess.Outcome.CONCERN and not notes:
        raise ValidationError({"notes": "Explain your concern"})
    with transaction.atomic():
        locked = (
            EmergencyAccess.objects.select_for_update().select_related("case").get(pk=access.pk)
        )
        if locked.reviewed_at is not None:
            who = locked.reviewed_by.get_full_name() if locked.reviewed_by else "someone"
            raise ValidationError(
                f"{who or 'Someone'} already reviewed this access at {_time(locked.reviewed_at)}"
            )
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = actor
        locked.review_outcome = outcome
        locked.review_notes = notes
        locked.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_notes"])
        events.append(
            actor=actor,
            action="access.emergency_reviewed",
            object_type="emergency_access",
            object_id=locked.pk,
            case_id=locked.case_id,
            agency_id=locked.case.agency_id,
            payload={"outcome": outcome, "notes": notes, "user_id": locked.user_id},
        )
    return locked
