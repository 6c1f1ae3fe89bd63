"""Session limits, kept on the server: 30 minutes idle, 12 hours from signing in.

The times live in the session itself (server-side, in the database), so that the browser
cannot extend them. When a session ends while someone is part-way through a form, what
they sent is kept in the new, signed-out session, and given back to the same person's
page once they have signed in again (docs/adr/0015).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict

SIGNED_IN_AT = "accounts.signed_in_at"
LAST_SEEN = "accounts.last_seen"
PENDING = "accounts.pending_post"
# Paths whose posts are never kept for later: signing in and out, the session itself.
NOT_KEPT = ("/accounts/",)


def start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def expired(request: HttpRequest, *, now: float | None = None) -> str | None:
    """Why the signed-in session has ended, or None while it is live."""
    now = time.time() if now is None else now
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN, signed_in_at)
    if signed_in_at is None:
        return None  # a session from before these limits: start() is called on the way out
    if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute_timeout"
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
        return "idle_timeout"
    return None


def touch(request: HttpRequest) -> None:
    now = int(time.time())
    if SIGNED_IN_AT not in request.session:
        request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


@dataclass(frozen=True)
class Pending:
    path: str
    user_id: int
    data: list[tuple[str, str]]


def keep_post(request: HttpRequest, *, user_id: int) -> None:
    """Keep a form sent after the session ended, for the same person after signing in."""
    if request.method != "POST" or request.path.startswith(NOT_KEPT):
        return
    data = [
        (key, value)
        for key, values in request.POST.lists()
        if key != "csrfmiddlewaretoken"
        for value in values
    ]
    request.session[PENDING] = {"path": request.path, "user_id": user_id, "data": data}


def take_pending(request: HttpRequest) -> Pending | None:
    """The form kept for this page and this user, once; anyone else's is dropped."""
    stored: Any = request.session.get(PENDING)
    if not stored or request.method != "GET":
        return None
    if stored.get("user_id") != request.user.pk:
        del request.session[PENDING]
        return None
    if stored.get("path") != request.path:
        return None
    del request.session[PENDING]
    return Pending(stored["path"], stored["user_id"], [tuple(p) for p in stored["data"]])


def replay(request: HttpRequest, pending: Pending) -> None:
    """Turn this GET into the POST that was kept. Its CSRF token was checked when it first
    arrived, in this same browser session, from this same user; the token has since been
    rotated by signing in, so the check is not made twice."""
    data = QueryDict(mutable=True)
    for key, value in pending.data:
        data.appendlist(key, value)
    data._mutable = False
    request.method = "POST"
    request.POST = data  # type: ignore[assignment]
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]


def end_all_for(user_id: int) -> int:
    """Delete every live session of this person (a leaver's access ends at once): their
    next request finds no session and is sent to sign in. Returns how many were ended.

    Sessions are rows in the database (django.contrib.sessions' db backend), keyed by a
    random id, not by user; the live ones are decoded to find theirs (docs/adr/0033)."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user_id)
    ]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)
