from django.http import HttpRequest

from .roles import membership_of


def membership(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"membership": membership_of(user) if user is not None else None}
