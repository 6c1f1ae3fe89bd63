"""Request and response hygiene for every page: one place each, for the whole service.

- Control characters: no query or form value (nor a field's name) may carry NUL or another
  C0 control character other than tab, line feed and carriage return. PostgreSQL refuses
  NUL in text, PDFs and CSV readers mangle the others, and no one types them. The request
  is refused with a page that says what is wrong, before any view reads the value.
- Permissions-Policy: the browser features the service never uses are switched off.
- Request size: a body longer than MAX_REQUEST_BODY is refused from its Content-Length,
  before a byte of it is read or spooled to disk (Django's own limits leave out uploaded
  files; docs/security.md).
- Cache-Control: nothing shown to a signed-in user is kept in a browser's or a proxy's
  cache, so a shared computer does not keep a child's record after sign-out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

# C0 controls except tab (\x09), line feed (\x0a) and carriage return (\x0d); and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REFUSED_MESSAGE = (
    "What you sent contains a character that cannot be stored, such as a null character. "
    "Go back, remove it and try again. What you typed is still on the page when you go back."
)


TOO_BIG_MESSAGE = (
    "What you sent is too big. A signed consent form must be smaller than 10 MB. "
    "Go back and choose a smaller file."
)


def has_control_characters(values: Iterable[str]) -> bool:
    return any(CONTROL_CHARACTERS.search(value) for value in values)


def _texts(query: QueryDict) -> Iterable[str]:
    for key, values in query.lists():
        yield key
        yield from (value for value in values if isinstance(value, str))


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    body = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(body, status=400)


class RequestSizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request, REFUSED_MESSAGE)
        if length > settings.MAX_REQUEST_BODY:
            response = bad_request(request, TOO_BIG_MESSAGE)
            response.status_code = 413
            response["Connection"] = "close"  # the unread body is not waited for
            return response
        return self.get_response(request)


class ControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = list(_texts(request.GET))
        if request.method == "POST":
            # Reading POST here parses the body once, within Django's size limits; a body
            # over them is refused with the 400 page (config/errors.py).
            values += _texts(request.POST)
            values += (getattr(upload, "name", None) or "" for upload in request.FILES.values())
        if has_control_characters(values):
            return bad_request(request, REFUSED_MESSAGE)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
