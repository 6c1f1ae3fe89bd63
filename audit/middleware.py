"""Binds each request's id and client address for the audit log."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import context


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, as the nearest untrusted hop says it is.

    Each proxy appends the address it was connected from to X-Forwarded-For, and the last
    one's own address is REMOTE_ADDR. With `TRUSTED_PROXY_COUNT` proxies of ours in front,
    the client is the entry that many places from the right of that chain: everything
    further left was written by the client (or by proxies we do not run) and could say
    anything. With no trusted proxies, only REMOTE_ADDR counts (docs/security.md).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return _address(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop] + [remote]
    # A chain shorter than the proxies we run came round them: its leftmost hop is the one
    # that reached the first proxy we have (or us) directly.
    return _address(chain[-(trusted + 1)] if len(chain) > trusted else chain[0])


class RequestContextMiddleware:
    """Gives every request an id (echoed in X-Request-ID) and binds it for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = context.bind(context.RequestContext(request_id=request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.unbind(token)
        response["X-Request-ID"] = request_id
        return response
