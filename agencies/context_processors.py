from django.http import HttpRequest

from . import permissions


def membership(request: HttpRequest) -> dict[str, object]:
    """Who is signed in, and what the header's navigation offers them."""
    user = getattr(request, "user", None)
    return {
        "membership": permissions.membership_of(user),
        "may_see_decision_log": user is not None and permissions.may_see_decision_log(user),
    }
