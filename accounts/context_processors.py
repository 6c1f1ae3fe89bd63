from django.conf import settings
from django.http import HttpRequest

from agencies import permissions

from .selectors import has_second_factor


def session(request: HttpRequest) -> dict[str, object]:
    """The session limits the timeout warning counts down, and the account links."""
    user = getattr(request, "user", None)
    return {
        "session_timeout": settings.SESSION_IDLE_TIMEOUT,
        "session_warning": settings.SESSION_WARNING_BEFORE,
        "has_second_factor": user is not None and has_second_factor(user),
        "may_unlock_members": user is not None
        and permissions.agency_administered_by(user) is not None,
    }
