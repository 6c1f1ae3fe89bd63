from django.http import HttpRequest

from .selectors import unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """The header's count of unread notifications (one query, signed-in pages only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
