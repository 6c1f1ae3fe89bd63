"""Reads of the exchange, scoped to what the acting user may see.

Each side of an exchange sees its own rows: a recipient reads what was disclosed to it
(the receipt and the disclosure's items), never the sender's case or decision, which
stay behind `records.access` and `sharing.selectors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from agencies import permissions
from agencies.models import Agency
from records.access import get_or_404
from records.models import Case
from records.selectors import cases_visible_to
from sharing.models import Disclosure
from sharing.selectors import decisions_visible_to

from .models import (
    Correction,
    CorrectionNotice,
    InformationRequest,
    OnwardRequest,
    Receipt,
    RequestPause,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser


# --- requests ----------------------------------------------------------------------------


def requests_visible_to(user: AnyUser) -> QuerySet[InformationRequest]:
    """A lead officer sees their agency's requests; an auditor those of the agencies in
    scope; a practitioner those they recorded or whose case is open to them."""
    agency_id = permissions.member_agency(user)
    if agency_id is None:
        return InformationRequest.objects.none()
    led = permissions.agency_led_by(user)
    if led is not None:
        scope = Q(agency_id=led)
    else:
        scope = Q(agency__in=permissions.audited_agencies(user))
        scope |= Q(agency_id=agency_id, recorded_by_id=user.pk)
        scope |= Q(agency_id=agency_id, case__in=cases_visible_to(user))
    return (
        InformationRequest.objects.filter(scope)
        .select_related("agency", "other_agency", "case", "decision", "recorded_by")
        .prefetch_related(Prefetch("pauses", queryset=RequestPause.objects.order_by("id")))
    )


def get_request_or_404(user: AnyUser, *, request_id: object) -> InformationRequest:
    return get_or_404(
        user,
        requests_visible_to(user),
        request_id,
        object_type="information_request",
        owner=InformationRequest.objects.all(),
        case_field="case_id",
    )


def request_list(user: AnyUser, *, direction: str) -> QuerySet[InformationRequest]:
    """Open requests first by due date, then answered ones, most recent first."""
    return (
        requests_visible_to(user)
        .filter(direction=direction)
        .order_by("answered_at", "due_on", "-id")
    )


def counterpart_pauses(*, request: InformationRequest) -> list[RequestPause]:
    """The other agency's pauses of our outgoing request: the clock is theirs."""
    if request.is_incoming or request.counterpart_id is None:
        return list(request.pauses.all())
    return list(RequestPause.objects.filter(request_id=request.counterpart_id).order_by("id"))


def cases_for_linking(user: AnyUser, *, agency_id: int) -> QuerySet[Case]:
    """Cases of the agency the user may record on: where a request or a receipt can go."""
    visible = cases_visible_to(user).filter(agency_id=agency_id)
    if permissions.agency_led_by(user) != agency_id:
        granted = get_objects_for_user(
            user,
            permissions.RECORD_ON_CASE,
            klass=Case,
            with_superuser=False,
            accept_global_perms=False,
        )
        visible = visible.filter(pk__in=granted.values("pk"))
    return visible.order_by("child_name", "reference")


def agencies_on_the_service(user: AnyUser) -> QuerySet[Agency]:
    """Every agency but the user's own: who a request can come from or go to."""
    return Agency.objects.exclude(pk=permissions.member_agency(user) or 0).order_by("name")


# --- what was received --------------------------------------------------------------------

_RECEIPT_RELATED = (
    "agency",
    "sender_agency",
    "disclosure",
    "disclosure__case",
    "disclosure__decision",
    "disclosure__decision__author",
    "filed_case",
    "opened_by",
    "acknowledged_by",
)


def receipts_visible_to(user: AnyUser) -> QuerySet[Receipt]:
    """The recipient agency's lead officer, the practitioner it was addressed to, and
    auditors of the recipient agency."""
    agency_id = permissions.member_agency(user)
    if agency_id is None:
        return Receipt.objects.none()
    scope = Q(agency__in=permissions.audited_agencies(user))
    led = permissions.agency_led_by(user)
    if led is not None:
        scope |= Q(agency_id=led)
    scope |= Q(agency_id=agency_id, recipient_user_id=user.pk)
    return Receipt.objects.filter(scope).select_related(*_RECEIPT_RELATED)


def get_receipt_or_404(user: AnyUser, *, receipt_id: object) -> Receipt:
    return get_or_404(
        user,
        receipts_visible_to(user),
        receipt_id,
        object_type="receipt",
        owner=Receipt.objects.all(),
    )


def inbox(user: AnyUser) -> QuerySet[Receipt]:
    return receipts_visible_to(user).order_by("acknowledged_at", "-delivered_at", "-id")


def correction_notices_received(user: AnyUser) -> QuerySet[CorrectionNotice]:
    return (
        CorrectionNotice.objects.filter(receipt__in=receipts_visible_to(user))
        .select_related("correction", "correction__agency", "receipt", "receipt__sender_agency")
        .order_by("acknowledged_at", "-told_at", "-id")
    )


def get_received_notice_or_404(user: AnyUser, *, notice_id: object) -> CorrectionNotice:
    return get_or_404(
        user,
        correction_notices_received(user),
        notice_id,
        object_type="correction_notice",
        owner=CorrectionNotice.objects.filter(receipt__isnull=False),
        agency_field="receipt__agency_id",
    )


def sent_disclosures(user: AnyUser) -> QuerySet[Disclosure]:
    """What the user's side sent to agencies on the service, with each receipt's state."""
    return (
        Disclosure.objects.filter(
            decision__in=decisions_visible_to(user), recipient_agency__isnull=False
        )
        .select_related("case", "recipient_agency", "receipt", "decision")
        .order_by("-shared_at", "-id")
    )


def receipt_for_sender(user: AnyUser, *, decision_id: int) -> Receipt | None:
    """The receipt states the sender may see for a decision's disclosure: who in the
    recipient agency opened, acknowledged and filed it, and when (never their case)."""
    return (
        Receipt.objects.filter(
            disclosure__decision_id=decision_id,
            disclosure__decision__in=decisions_visible_to(user),
        )
        .select_related("agency", "opened_by", "acknowledged_by", "filed_by")
        .first()
    )


# --- corrections -----------------------------------------------------------------------


def corrections_visible_to(user: AnyUser) -> QuerySet[Correction]:
    return (
        Correction.objects.filter(case__in=cases_visible_to(user))
        .select_related("case", "case__agency", "recorded_by")
        .prefetch_related("notices")
    )


def get_correction_or_404(user: AnyUser, *, correction_id: object) -> Correction:
    return get_or_404(
        user,
        corrections_visible_to(user),
        correction_id,
        object_type="correction",
        owner=Correction.objects.all(),
        case_field="case_id",
    )


def correction_notice_or_404(*, correction: Correction, notice_id: int) -> CorrectionNotice:
    """One recipient of a correction the user has already opened."""
    notice = correction.notices.filter(pk=notice_id).select_related("disclosure").first()
    if notice is None:
        raise Http404("No such recipient")
    return notice


def disclosures_of_case(*, case: Case) -> QuerySet[Disclosure]:
    """What was shared from a case the user has opened: what a correction can cover."""
    return Disclosure.objects.filter(case=case).order_by("-shared_at", "-id")


# --- onward sharing -----------------------------------------------------------------------


def onward_visible_to(user: AnyUser) -> QuerySet[OnwardRequest]:
    """The asking side (whoever sees the receipt) and the data holding agency's lead
    officer and auditors."""
    scope = Q(receipt__in=receipts_visible_to(user))
    led = permissions.agency_led_by(user)
    if led is not None:
        scope |= Q(receipt__sender_agency_id=led)
    scope |= Q(receipt__sender_agency__in=permissions.audited_agencies(user))
    return OnwardRequest.objects.filter(scope).select_related(
        "receipt",
        "receipt__agency",
        "receipt__sender_agency",
        "receipt__disclosure",
        "receipt__filed_case",
        "asked_by",
        "answered_by",
    )


def get_onward_or_404(user: AnyUser, *, onward_id: object) -> OnwardRequest:
    return get_or_404(
        user,
        onward_visible_to(user),
        onward_id,
        object_type="onward_request",
        owner=OnwardRequest.objects.all(),
        agency_field="receipt__sender_agency_id",
    )
