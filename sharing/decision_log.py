"""The agency decision log (SPEC 6): filters, counts, and a CSV that streams in constant memory."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from agencies.models import Agency, Role
from agencies.roles import membership_of
from records.exports import safe_cell
from records.formfields import GovDateField

from . import catalogues as cat
from .models import Decision

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def log_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Whose decisions this user's log covers: their own agency (lead officer) or audit scope."""
    membership = membership_of(user)
    if membership is None:
        return Agency.objects.none()
    if membership.role == Role.LEAD_OFFICER:
        return Agency.objects.filter(pk=membership.agency_id)
    if membership.role == Role.AUDITOR:
        return membership.audit_scope.all()
    return Agency.objects.none()


def may_see_log(user: User | AnonymousUser) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role in (Role.LEAD_OFFICER, Role.AUDITOR)


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("submitted", "Submitted"), ("draft", "Drafts"), ("all", "All")],
    )
    flagged = forms.ChoiceField(
        label="Flags",
        required=False,
        choices=[("", "Any"), ("yes", "Flagged for review"), ("no", "Not flagged")],
    )
    outcome = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "Any"), *cat.choices(cat.DECISIONS)]
    )
    consent_status = forms.ChoiceField(
        label="Consent", required=False, choices=[("", "Any"), *cat.choices(cat.CONSENT_STATUSES)]
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis", required=False, choices=[("", "Any"), *cat.choices(cat.LEGAL_BASES)]
    )
    practitioner = forms.ModelChoiceField(
        label="Practitioner", required=False, queryset=None, empty_label="Anyone"
    )
    recipient_agency = forms.ModelChoiceField(
        label="Shared with",
        required=False,
        queryset=Agency.objects.order_by("name"),
        empty_label="Any",
    )
    agency = forms.ModelChoiceField(
        label="Agency", required=False, queryset=None, empty_label="All in scope"
    )
    submitted_from = GovDateField(label="Submitted from", label_text="From date", required=False)
    submitted_to = GovDateField(label="Submitted to", label_text="To date", required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["practitioner"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(membership__agency__in=agencies)
            .order_by("last_name", "username")
        )
        self.fields["practitioner"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("status"),
            Field.select("flagged"),
            Field.select("outcome"),
            Field.select("consent_status"),
            Field.select("legal_basis"),
            Field.select("practitioner"),
            Field.select("recipient_agency"),
            Field.select("agency"),
            Field("submitted_from", legend_size=Size.SMALL),
            Field("submitted_to", legend_size=Size.SMALL),
            Submit("filter", "Apply filters", css_class="govuk-button--secondary"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", "To date must be the same as or after the from date")
        return cleaned


def decision_log(user: User | AnonymousUser, filters: dict[str, Any]) -> QuerySet[Decision]:
    agencies = log_agencies(user)
    membership = membership_of(user)
    decisions = Decision.objects.filter(case__agency__in=agencies)
    if membership is not None and membership.role == Role.AUDITOR:
        decisions = decisions.filter(status=Decision.Status.SUBMITTED)
    status = filters.get("status") or "submitted"
    if status != "all":
        decisions = decisions.filter(status=status)
    if filters.get("flagged") == "yes":
        decisions = decisions.filter(needs_review=True)
    elif filters.get("flagged") == "no":
        decisions = decisions.filter(needs_review=False)
    for field in ("outcome", "consent_status"):
        if filters.get(field):
            decisions = decisions.filter(**{field: filters[field]})
    if filters.get("legal_basis"):
        decisions = decisions.filter(legal_bases__contains=[filters["legal_basis"]])
    if filters.get("practitioner"):
        decisions = decisions.filter(author=filters["practitioner"])
    if filters.get("recipient_agency"):
        decisions = decisions.filter(recipient_agency=filters["recipient_agency"])
    if filters.get("agency"):
        decisions = decisions.filter(case__agency=filters["agency"])
    if filters.get("submitted_from"):
        decisions = decisions.filter(submitted_at__date__gte=filters["submitted_from"])
    if filters.get("submitted_to"):
        decisions = decisions.filter(submitted_at__date__lte=filters["submitted_to"])
    return decisions.order_by("-submitted_at", "-created_at", "-id")


def counts(decisions: QuerySet[Decision]) -> dict[str, int]:
    return decisions.order_by().aggregate(
        total=Count("id"),
        flagged=Count("id", filter=Q(needs_review=True)),
        shared=Count("id", filter=Q(outcome__in=["share", "share_part"])),
        not_shared=Count("id", filter=Q(outcome="do_not_share")),
    )


CSV_COLUMNS = (
    "decision_id",
    "status",
    "submitted_at",
    "agency",
    "case_reference",
    "practitioner",
    "kind",
    "outcome",
    "recommendation",
    "needs_review",
    "flags",
    "consent_status",
    "legal_bases",
    "recipient_agency",
    "amends",
)
_FIELDS = (
    "id",
    "status",
    "submitted_at",
    "case__agency__name",
    "case__reference",
    "author__username",
    "kind",
    "outcome",
    "recommendation",
    "needs_review",
    "flags",
    "consent_status",
    "legal_bases",
    "recipient_agency__name",
    "amends_id",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(decisions: QuerySet[Decision], *, chunk_size: int = 2000) -> Iterator[str]:
    """One row per decision, read through a server-side cursor: memory does not grow with rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in decisions.values_list(*_FIELDS).iterator(chunk_size=chunk_size):
        values = dict(zip(_FIELDS, row, strict=True))
        submitted = values["submitted_at"]
        yield writer.writerow(
            [
                safe_cell(v)
                for v in (
                    values["id"],
                    values["status"],
                    submitted.isoformat() if isinstance(submitted, datetime.datetime) else "",
                    values["case__agency__name"],
                    values["case__reference"],
                    values["author__username"],
                    values["kind"],
                    values["outcome"],
                    values["recommendation"],
                    values["needs_review"],
                    " ".join(flag.get("code", "") for flag in values["flags"] or []),
                    values["consent_status"],
                    " ".join(values["legal_bases"] or []),
                    values["recipient_agency__name"] or "",
                    values["amends_id"] or "",
                )
            ]
        )
