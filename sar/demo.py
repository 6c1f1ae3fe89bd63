"""Demo subject access request for `demo_data`: Amelia Clarke's mother asks children's social
care for what it holds (received 10 days ago), ready for csc.auditor to mark, redact, have
ig.auditor check, and release."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies.models import Agency
from records.models import Case

from . import services
from .models import SubjectAccessRequest


def load(*, agencies: dict[str, Agency]) -> None:
    case = Case.objects.filter(agency=agencies["csc"], child_name="Amelia Clarke").first()
    if case is None or SubjectAccessRequest.objects.filter(case=case).exists():
        return
    person = case.connected_people.order_by("id").first()
    actor = get_user_model().objects.get(username="csc.auditor")
    services.sar_record(
        actor=actor,
        case=case,
        connected_person=person,
        received_on=timezone.localdate() - datetime.timedelta(days=10),
        identity_check="photo_id",
        identity_notes="Passport seen at the front desk",
    )
