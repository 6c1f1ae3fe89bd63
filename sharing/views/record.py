"""The submitted record: read it, print it, amend it, close its follow-ups."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from consent.services import may_record_on
from records import services as record_services
from records.formfields import apply_service_errors

from .. import guidance, selectors, services
from ..models import FollowUp
from ..presenters import answer_rows, flag_rows, start_rows


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Why does the record need correcting?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter the reason for the amendment"},
        help_text="The original record is kept unchanged; your amendment is linked to it.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds the button
        self.helper.layout = Layout(Field.textarea("reason"))


def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id)
    record_services.record_view(
        actor=request.user, object_type="decision", object_id=decision.pk, case=decision.case
    )
    path = (
        guidance.route(selectors.guidance_input(decision))
        if decision.is_draft
        else [int(key[1:]) for key in decision.answers if key.startswith("q")]
    )
    disclosure = getattr(decision, "disclosure", None) if not decision.is_draft else None
    return render(
        request,
        "sharing/decision_detail.html",
        {
            "decision": decision,
            "case": decision.case,
            "start": start_rows(decision),
            "sections": answer_rows(decision, sorted(path), change=False),
            "flags": flag_rows(decision.flags),
            "disclosure": disclosure,
            "follow_ups": list(decision.follow_ups.all()),
            "amendments": list(
                selectors.decisions_visible_to(request.user).filter(amends=decision)
            ),
            "can_amend": not decision.is_draft and may_record_on(request.user, decision.case),
            "is_author": decision.author_id == request.user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def decision_amend(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id)
    if decision.is_draft or not may_record_on(request.user, decision.case):
        raise PermissionDenied
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.decision_amend(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, "Amendment started. Change the answers that were wrong, then submit."
            )
            return redirect("sharing:check", decision_id=amendment.pk)
    return render(
        request, "sharing/amend.html", {"form": form, "decision": decision, "case": decision.case}
    )


def follow_up_complete(request: HttpRequest, decision_id: int, follow_up_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_record_on(request.user, decision.case):
        raise PermissionDenied
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, decision=decision)
    services.follow_up_complete(
        actor=request.user, follow_up=follow_up, notes=request.POST.get("notes", "")[:2000]
    )
    messages.success(request, "Written confirmation recorded")
    return redirect("sharing:decision_detail", decision_id=decision.pk)
