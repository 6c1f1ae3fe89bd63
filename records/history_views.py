"""The auditor's per-case disclosure history: page, PDF, CSV and JSON."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies import roles

from . import exports, history, services
from .access import get_case_or_404
from .describe import KINDS
from .formfields import GovDateField

FORMATS = ("csv", "json", "pdf")


class HistoryFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show",
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to see everything.",
    )
    date_from = GovDateField(label="From", label_text="From date", required=False)
    date_to = GovDateField(label="To", label_text="To date", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.checkboxes("kind", legend_size=Size.SMALL, small=True),
            Field("date_from", legend_size=Size.SMALL),
            Field("date_to", legend_size=Size.SMALL),
            Submit("filter", "Apply filters", css_class="govuk-button--secondary"),
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned

    def filters(self) -> history.Filters:
        if not self.is_bound or not self.is_valid():
            return history.Filters()
        data = self.cleaned_data
        return history.Filters(
            kinds=tuple(data.get("kind") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def case_history(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id)
    if not roles.sees_case_history(request.user, case.agency):
        raise PermissionDenied
    fmt = request.GET.get("format", "html")
    form = HistoryFilterForm(
        request.GET if {"kind", "date_from_0", "date_to_0"} & set(request.GET) else None
    )
    built = history.build(case, filters=form.filters(), user=request.user, compact=fmt == "pdf")
    details = {
        "format": fmt,
        "filters": built.filters.describe(),
        "events": len(built.views),
        "case_check": "intact" if built.check.intact else "broken",
    }
    if fmt in FORMATS:
        services.record_export(actor=request.user, case=case, details=details)
        body, content_type = exports.render(built, fmt)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(built, fmt)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    services.record_view(
        actor=request.user, object_type="history", object_id=case.pk, case=case, details=details
    )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "records/history.html",
        {
            "case": case,
            "history": built,
            "form": form,
            "query": query.urlencode(),
        },
    )
