"""How consent events read in the per-case history."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent
from records.describe import Detail, default_details, humanise, plain, register

from . import catalogues as cat

_CODED = {
    "giver_role": ("Who was asked", cat.CONSENT_GIVER_ROLES),
    "form": ("Form", cat.CONSENT_FORMS),
    "outcome": ("Answer", cat.CONSENT_OUTCOMES),
}
_CODED_LISTS = {
    "capacity_criteria_met": ("Understanding shown", cat.GILLICK_CRITERIA),
    "told": ("What they were told", cat.TOLD_ITEMS),
    "scope_purposes": ("For purposes", cat.PURPOSES),
}


def _agency_names(cache: dict[str, Any]) -> dict[int, str]:
    """Every agency's name by id, read once per history."""
    if "agency_names" not in cache:
        from agencies.models import Agency

        cache["agency_names"] = dict(Agency.objects.values_list("pk", "name"))
    return cache["agency_names"]  # type: ignore[no-any-return]


def describe_consent(event: AuditEvent, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    payload = event.payload or {}
    if event.action == "consent.viewed":
        # A view is an access event (records.describe.kind_of), not a new consent.
        return "Consent record viewed", default_details(payload)
    details: list[Detail] = []
    for key, value in payload.items():
        if key in _CODED:
            label, catalogue = _CODED[key]
            details.append((label, cat.label(catalogue, str(value))))
        elif key == "scope_agency_ids":
            names = _agency_names(_cache)
            agencies = [names.get(int(v), "An agency no longer on the service") for v in value]
            details.append(("With agencies", agencies or "None"))
        elif key in _CODED_LISTS:
            label, catalogue = _CODED_LISTS[key]
            details.append((label, [cat.label(catalogue, str(v)) for v in value] or "None"))
        else:
            details.append((key.replace("_", " ").capitalize(), plain(value)))
    if event.action == "consent.withdrawn":
        return f"Consent withdrawn (consent record {event.object_id})", details
    outcome = cat.label(cat.CONSENT_OUTCOMES, str(payload.get("outcome", ""))).lower()
    if event.action == "consent.recorded":
        giver = payload.get("giver_name", "")
        return f"Consent recorded: {outcome}" + (f", {giver}" if giver else ""), details
    return humanise(event.action.replace(".", " ")), details


def describe_signed_form(event: AuditEvent, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    return "Signed consent form downloaded", default_details(event.payload or {})


def register_describers() -> None:
    register("consent", describe_consent)
    register("consent_form", describe_signed_form)
