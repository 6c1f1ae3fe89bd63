"""One door for protected objects: the object, or a 404 that looks like any missing page.

A refused request for another agency's object is logged on that agency's chain, so its
lead officer can see who tried (SPEC 2, Zulip's access_stream_by_id pattern).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models, transaction
from django.http import Http404

from audit import events

from .models import Case
from .selectors import cases_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

M = TypeVar("M", bound=models.Model)


def refuse(
    user: User | AnonymousUser,
    *,
    object_type: str,
    object_id: object,
    agency_id: int | None,
    case_id: int | None = None,
) -> Http404:
    """Log a refused access and return the 404 to raise."""
    with transaction.atomic():
        events.append(
            actor=user,
            action="access.refused",
            object_type=object_type,
            object_id=object_id,
            case_id=case_id,
            agency_id=agency_id,
            payload={"reason": "not visible to this user"},
        )
    return Http404("No such page")


def get_or_404(
    user: User | AnonymousUser,
    visible: models.QuerySet[M],
    pk: object,
    *,
    object_type: str,
    owner: models.QuerySet[M],
    agency_field: str = "agency_id",
    case_field: str | None = None,
) -> M:
    """Return `pk` from the user's `visible` queryset, or log the refusal and raise 404.

    `owner` is the unscoped queryset used only to find whose object it was, so that the
    refusal lands on the right agency's chain; nothing from it reaches the user.
    """
    found = visible.filter(pk=pk).first()
    if found is not None:
        return found
    fields = [agency_field] + ([case_field] if case_field else [])
    row = owner.filter(pk=pk).values_list(*fields).first()
    if row is None:
        raise Http404("No such page")
    raise refuse(
        user,
        object_type=object_type,
        object_id=pk,
        agency_id=row[0],
        case_id=row[1] if case_field else None,
    )


def get_case_or_404(user: User | AnonymousUser, *, case_id: object) -> Case:
    case = get_or_404(
        user,
        cases_visible_to(user),
        case_id,
        object_type="case",
        owner=Case.objects.all(),
        case_field="pk",
    )
    return case
