"""Reads of an agency's officer register (issue 14): who holds which office."""

from __future__ import annotations

from .models import Agency, AgencyKind, Office, OfficerAppointment


def officer_to_ask(agency: Agency) -> str:
    """Whom a practitioner unsure about sharing is told to ask, from the officer register:
    a school's designated safeguarding lead, otherwise the lead information officer, by
    name and office; "" while the register names neither."""
    wanted = (
        [Office.DESIGNATED_SAFEGUARDING_LEAD, Office.LEAD_INFORMATION_OFFICER]
        if agency.kind == AgencyKind.EDUCATION
        else [Office.LEAD_INFORMATION_OFFICER]
    )
    held = {
        appointment.office: appointment
        for appointment in OfficerAppointment.objects.filter(
            agency=agency, office__in=wanted, membership__user__is_active=True
        ).select_related("membership__user")
    }
    for office in wanted:
        if office in held:
            name = held[office].membership.user.get_full_name() or "the person named"
            return f"{name}, your {Office(office).label.lower()}"
    return ""
