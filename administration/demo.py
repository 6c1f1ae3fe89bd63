"""Demo officer registers (issue 14): each demo agency names its lead information officer
and its Data Protection Officer (the demo auditor, Jo Bennett, who answers subject access
requests), and the school its designated safeguarding lead. Written by each agency's
administrator, through the service, so the events are in the log as they would be."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from agencies import permissions
from agencies.models import Agency, Membership, Office, OfficerAppointment

from .services import officer_register_set

# office -> the demo username (after the agency's prefix) who holds it
HOLDERS = {
    Office.LEAD_INFORMATION_OFFICER: "lio",
    Office.DATA_PROTECTION_OFFICER: "auditor",
    Office.DESIGNATED_SAFEGUARDING_LEAD: "lio",
}


def load(*, agencies: dict[str, Agency]) -> None:
    users = get_user_model().objects
    for prefix, agency in agencies.items():
        admin = users.filter(username=f"{prefix}.admin").first()
        if admin is None or OfficerAppointment.objects.filter(agency=agency).exists():
            continue
        for office in permissions.offices_of(agency):
            holder = HOLDERS.get(office)
            membership = (
                Membership.objects.filter(agency=agency, user__username=f"{prefix}.{holder}")
                .select_related("user")
                .first()
                if holder
                else None
            )
            if membership is None:
                continue
            officer_register_set(
                actor=admin,
                office=office,
                membership=membership,
                telephone="01632 960 000",
                email=membership.user.email,
            )
