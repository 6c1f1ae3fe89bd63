"""Session limits and the second factor, for every signed-in request."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from agencies import permissions

from . import context, sessions
from .selectors import has_second_factor

TIMED_OUT = {
    "idle_timeout": "You were signed out because you had not done anything for 30 minutes.",
    "absolute_timeout": "You were signed out because you signed in more than 12 hours ago.",
}
KEPT = " Sign in again to carry on: what you sent has been kept and will be saved."


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            reason = sessions.expired(request)
            if reason is not None:
                return self._sign_out(request, reason)
            sessions.touch(request)
            pending = sessions.take_pending(request)
            if pending is not None:
                sessions.replay(request, pending)
            # For the access log line (gunicorn.conf.py): the id, never the name.
            request.META["sharing.user_id"] = str(user.pk)
        token = context.bind(user)
        try:
            return self.get_response(request)
        finally:
            context.unbind(token)

    def _sign_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        user_id = int(request.user.pk or 0)
        # Read by the sign-out receiver, for the audit event's reason.
        setattr(request, "sign_out_reason", reason)  # noqa: B010
        auth.logout(request)
        message = TIMED_OUT[reason]
        if request.method == "POST" and not request.path.startswith(sessions.NOT_KEPT):
            sessions.keep_post(request, user_id=user_id)
            message += KEPT
        messages.info(request, message)
        return redirect_to_login(
            request.path if request.method == "POST" else request.get_full_path()
        )


# Pages a signed-in person may reach before their second factor is verified.
OPEN_BEFORE_SECOND_FACTOR = ("/accounts/two-factor/", "/accounts/logout/", "/static/")


class SecondFactorMiddleware:
    """A session is verified with a second factor before it reaches any page, when the
    person must use one (privileged, or their agency asks it of all) or has set one up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(OPEN_BEFORE_SECOND_FACTOR)
            and (permissions.needs_second_factor(user) or has_second_factor(user))
        ):
            target = "accounts:verify" if has_second_factor(user) else "accounts:enrol"
            next_path = request.get_full_path() if request.method == "GET" else request.path
            response = redirect(target)
            response["Location"] += "?" + urlencode({"next": next_path})
            return response
        return self.get_response(request)
