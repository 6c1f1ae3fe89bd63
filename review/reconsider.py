"""Reconsidering a decision not to share when the requester brings new information
(P rule 7 (2024): "be willing to reconsider your decision if the requestor shares new
information"). The old decision never changes: a new one is started, linked to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import permissions
from audit import events
from sharing import services as sharing_services
from sharing.models import Decision

from .models import Reconsideration

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOT_SHARED = "do_not_share"


def may_be_reconsidered(decision: Decision) -> bool:
    return not decision.is_draft and decision.outcome == NOT_SHARED


def decision_reconsider(*, actor: User, decision: Decision, new_information: str) -> Decision:
    """Start a new decision on the same case and request, linked to the one it reconsiders."""
    new_information = new_information.strip()
    if not new_information:
        raise ValidationError({"new_information": "Enter the new information you were given"})
    if not may_be_reconsidered(decision):
        raise ValidationError("Only a submitted decision not to share can be reconsidered")
    if not permissions.may_reconsider(actor, decision):
        raise PermissionDenied("You may not record decisions on this case.")
    with transaction.atomic():
        start = dict(decision.answers.get("start") or {})
        new = sharing_services.decision_start(
            actor=actor, case=decision.case, kind=decision.kind, start=start
        )
        Reconsideration.objects.create(
            original=decision, decision=new, new_information=new_information, created_by=actor
        )
        events.append(
            actor=actor,
            action="review.reconsideration_started",
            object_type="decision",
            object_id=new.pk,
            case_id=decision.case_id,
            agency_id=decision.case.agency_id,
            payload={"reconsiders": decision.pk, "new_information": new_information},
        )
    return new
