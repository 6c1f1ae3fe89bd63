"""The decision log's filters (SPEC 6), in the MOJ "filter a list" pattern: each chosen
filter is shown as a tag that removes it, with "Clear filters" (docs/adr/0025)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import QueryDict

from agencies.models import Agency
from records.formfields import GovDateField
from sharing import catalogues as cat

from ..decision_log import extensions

# Query parameters that are not filters: kept when a filter changes, except the position.
SORT_PARAMS = ("sort", "order")
POSITION_PARAMS = ("page", "after", "before", "format")


def compact(query: QueryDict, *, drop: tuple[str, ...] = ()) -> QueryDict:
    """The query without empty values and without `drop`: short, readable addresses."""
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        if key in drop or key == "csrfmiddlewaretoken":
            continue
        for value in values:
            if value != "":
                kept.appendlist(key, value)
    return kept


@dataclass(frozen=True)
class Tag:
    """A chosen filter, and the address of the log without it."""

    category: str
    text: str
    remove_url: str


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
    follow_up = forms.ChoiceField(
        label="Written confirmation",
        required=False,
        choices=[("", "Any"), ("outstanding", "Verbal sharing not yet confirmed in writing")],
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
        for extra in extensions.registered():
            self.fields[extra.name] = forms.ChoiceField(
                label=extra.label, required=False, choices=[("", "Any"), *extra.choices]
            )
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["practitioner"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(membership__agency__in=agencies)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["practitioner"].label_from_instance = lambda u: (
            u.get_full_name() or "A practitioner"
        )  # type: ignore[attr-defined]

    def selects(self) -> list[tuple[Any, list[tuple[str, str, bool]]]]:
        """Each select with its options (value, label, chosen), read once: a
        ModelChoiceField's choices would be counted and read again by every loop over them,
        and comparing in Python costs less than in the template."""
        found = []
        for name, field in self.fields.items():
            if not isinstance(field, forms.ChoiceField):
                continue
            bound = self[name]
            chosen = "" if bound.value() is None else str(bound.value())
            options = [(str(v), str(label), str(v) == chosen) for v, label in iter(field.choices)]
            found.append((bound, options))
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", "To date must be the same as or after the from date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The filters to apply: the valid ones (a bad date is explained, not applied)."""
        if not self.is_bound:
            return {"status": "submitted"}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def tags(self, query: QueryDict) -> list[Tag]:
        """Each chosen filter as a tag whose link is this log without it."""
        chosen = self.filters()
        found = []
        for name, field in self.fields.items():
            value = chosen.get(name)
            if value in (None, "") or (name == "status" and value == "submitted"):
                continue
            if isinstance(field, forms.ModelChoiceField):
                text = field.label_from_instance(value)
            elif isinstance(field, forms.ChoiceField):
                text = {str(k): str(v) for k, v in field.choices}.get(str(value), str(value))
            else:
                text = f"{value:%-d %B %Y}"
            own = tuple(k for k in query if k == name or k.startswith(f"{name}_"))
            remaining = compact(query, drop=(*own, *POSITION_PARAMS))
            found.append(Tag(str(field.label), text, f"?{remaining.urlencode()}"))
        return found
