"""Who is acting in this request, for the log lines and the receivers that have no request.

Set once per request by `accounts.middleware.SessionLimitsMiddleware`; read by
`config.logging` (user id on every log line) and by the password-change receiver, which
must know whether an administrator or the user themselves changed a password.
"""

from __future__ import annotations

import contextvars
from typing import Any

_user: contextvars.ContextVar[Any] = contextvars.ContextVar("acting_user", default=None)


def bind(user: Any) -> contextvars.Token[Any]:
    return _user.set(user)


def unbind(token: contextvars.Token[Any]) -> None:
    _user.reset(token)


def acting_user() -> Any:
    """The signed-in user of the current request, or None outside a request."""
    user = _user.get()
    return user if user is not None and user.is_authenticated else None


def current_user_id() -> str:
    user = acting_user()
    return str(user.pk) if user is not None else ""
