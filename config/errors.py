"""The error pages, in the service's style, with no stack trace and nothing personal.

Django's own handlers render `400.html`, `403.html` and `404.html` with the request, and
`500.html` with no context at all (the request may be what failed). These views only
add the status to the 400 page's wording.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

BAD_REQUEST = (
    "The service could not understand what your browser sent. Go back and try again. "
    "If this keeps happening, sign out, sign in again and try once more."
)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = render_to_string("400.html", {"message": BAD_REQUEST}, request=request)
    return HttpResponse(body, status=400)
