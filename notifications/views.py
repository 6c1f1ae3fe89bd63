"""A person's notifications: the list, and opening one (which marks it read)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import selectors, services


@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        count = services.notifications_mark_all_read(actor=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
        return redirect("notifications:list")
    page = Paginator(selectors.notifications_for(request.user), selectors.LIST_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.get_notification_or_404(request.user, notification_id=notification_id)
    services.notification_open(actor=request.user, notification=notification)
    # Only a path inside this service: the target page makes its own access checks.
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")
