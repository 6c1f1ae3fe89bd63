"""Staying signed in: the timeout warning's button (the middleware renews the session)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from .signin import safe_next


@require_POST
def extend(request: HttpRequest) -> HttpResponse:
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    # The address itself, never resolved as a view name (redirect("1") would try).
    return HttpResponseRedirect(safe_next(request, reverse("home")))
