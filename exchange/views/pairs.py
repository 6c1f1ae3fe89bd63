"""Both ends of each exchange, paired, for auditors and lead officers (their scope only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies import permissions

from ..pairs import exchange_pairs


def exchanges(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_exchange_pairs(request.user):
        raise PermissionDenied
    return render(request, "exchange/exchanges.html", exchange_pairs(request.user))
