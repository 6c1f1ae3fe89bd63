"""The home page: the signed-in person's work queues, and one queue in full."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import registry


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "queues/home.html", {"queues": registry.queues_for(request.user)})


def queue(request: HttpRequest) -> HttpResponse:
    """/queues/?queue=<key>: the whole of one of the user's own queues (oldest first)."""
    found = registry.queue_for(request.user, request.GET.get("queue", "")[:40])
    if found is None:
        raise Http404("No such queue")
    return render(request, "queues/queue.html", {"queue": found, "limit": registry.FULL_LIST})
