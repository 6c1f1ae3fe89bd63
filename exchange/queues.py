"""The lead information officer's work queues from the exchange (SPEC 6).

Each queue is a function of the acting user (and today) returning a `Queue`: a title, a
count, the first items and a link to the rest, or None when the user has no such queue.
They are shown on `/requests/` for now; registering them on the home page is a loop over
`QUEUES` (docs/adr/0026).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from agencies import permissions

from . import catalogues as cat
from . import workdays
from .models import Correction, InformationRequest, OnwardRequest, Receipt, RequestPause

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser

SHOWN = 10


@dataclass(frozen=True)
class QueueItem:
    title: str
    detail: str
    url: str
    overdue: bool = False


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    count: int
    link: str
    items: list[QueueItem] = field(default_factory=list)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _latest_late_day(today: datetime.date, working_days: int) -> datetime.date:
    """The last day D for which more than `working_days` working days have passed by
    today (D itself not counted)."""
    day = today
    while workdays.working_days_between(day, today) <= working_days:
        day -= workdays.ONE_DAY
    return day


def requests_due(user: AnyUser, *, today: datetime.date | None = None) -> Queue | None:
    """Requests received that are due within three working days, or overdue (O 13.2)."""
    led = permissions.agency_led_by(user)
    if led is None:
        return None
    today = _today(today)
    paused = RequestPause.objects.filter(request=OuterRef("pk"), resumed_on__isnull=True)
    due = (
        InformationRequest.objects.filter(
            agency_id=led,
            direction="incoming",
            answered_at__isnull=True,
            due_on__lte=workdays.add_working_days(today, cat.DUE_SOON_DAYS),
        )
        .exclude(Exists(paused))
        .order_by("due_on", "id")
    )
    items = [
        QueueItem(
            f"From {r.other_agency_name}: {r.contact_name}",
            r.clock(today).words,
            reverse("exchange:request_detail", args=[r.pk]),
            r.clock(today).overdue,
        )
        for r in due[:SHOWN]
    ]
    return Queue(
        "requests_due",
        "Requests due within 3 working days or overdue",
        due.count() if len(items) == SHOWN else len(items),
        reverse("exchange:request_list"),
        items,
    )


def received_unacknowledged(user: AnyUser) -> Queue | None:
    """What other agencies sent us that nobody here has acknowledged yet."""
    led = permissions.agency_led_by(user)
    if led is None:
        return None
    waiting = Receipt.objects.filter(agency_id=led, acknowledged_at__isnull=True).select_related(
        "sender_agency"
    )
    items = [
        QueueItem(
            f"From {r.sender_agency.name}",
            f"Sent {timezone.localtime(r.delivered_at):%-d %B %Y}",
            reverse("exchange:receipt_detail", args=[r.pk]),
        )
        for r in waiting.order_by("delivered_at", "id")[:SHOWN]
    ]
    return Queue(
        "received_unacknowledged",
        "Received and not yet acknowledged",
        waiting.count() if len(items) == SHOWN else len(items),
        reverse("exchange:inbox"),
        items,
    )


def sent_unacknowledged(user: AnyUser, *, today: datetime.date | None = None) -> Queue | None:
    """What we sent that the recipient has not acknowledged within 2 working days."""
    led = permissions.agency_led_by(user)
    if led is None:
        return None
    cutoff = _latest_late_day(_today(today), cat.UNACKNOWLEDGED_DAYS)
    late = Receipt.objects.filter(
        sender_agency_id=led, acknowledged_at__isnull=True, delivered_at__date__lte=cutoff
    ).select_related("agency", "disclosure__case")
    items = [
        QueueItem(
            f"To {r.agency.name}, about {r.disclosure.case.child_name}",
            f"Sent {timezone.localtime(r.delivered_at):%-d %B %Y}, not acknowledged",
            reverse("records:case_detail", args=[r.disclosure.case_id]) + "#chronology",
            True,
        )
        for r in late.order_by("delivered_at", "id")[:SHOWN]
    ]
    return Queue(
        "sent_unacknowledged",
        "Sent and not acknowledged within 2 working days",
        late.count() if len(items) == SHOWN else len(items),
        reverse("exchange:inbox") + "?tab=sent",
        items,
    )


def corrections_untold(user: AnyUser, *, today: datetime.date | None = None) -> Queue | None:
    """Corrections with recipients not yet told, and those past their 14 days (O 12.3)."""
    led = permissions.agency_led_by(user)
    if led is None:
        return None
    today = _today(today)
    untold = (
        Correction.objects.filter(agency_id=led)
        .annotate(untold=Count("notices", filter=Q(notices__told_on__isnull=True)))
        .filter(untold__gt=0)
        .select_related("case")
        .order_by("due_on", "id")
    )
    items = []
    for c in untold[:SHOWN]:
        overdue = today > c.due_on
        when = f"overdue since {c.due_on:%-d %B %Y}" if overdue else f"by {c.due_on:%-d %B %Y}"
        people = "recipient" if c.untold == 1 else "recipients"
        items.append(
            QueueItem(
                f"Correction about {c.case.child_name}",
                f"{c.untold} {people} to tell, {when}",
                reverse("exchange:correction_detail", args=[c.pk]),
                overdue,
            )
        )
    return Queue(
        "corrections_untold",
        "Corrections not yet told to every recipient",
        untold.count() if len(items) == SHOWN else len(items),
        items[0].url if len(items) == 1 else reverse("exchange:request_list"),
        items,
    )


def onward_awaiting(user: AnyUser) -> Queue | None:
    """Agencies asking to pass on information we disclosed (O 11.1)."""
    led = permissions.agency_led_by(user)
    if led is None:
        return None
    asked = OnwardRequest.objects.filter(
        receipt__sender_agency_id=led, status=OnwardRequest.Status.ASKED
    ).select_related("receipt__agency")
    items = [
        QueueItem(
            f"{o.receipt.agency.name} asks to pass information on",
            f"To {o.pass_to}",
            reverse("exchange:onward_detail", args=[o.pk]),
        )
        for o in asked.order_by("asked_at", "id")[:SHOWN]
    ]
    return Queue(
        "onward_awaiting",
        "Requests to pass information on",
        asked.count() if len(items) == SHOWN else len(items),
        items[0].url if len(items) == 1 else reverse("exchange:request_list"),
        items,
    )


QueueFunction = Callable[..., "Queue | None"]
QUEUES: tuple[QueueFunction, ...] = (
    requests_due,
    received_unacknowledged,
    sent_unacknowledged,
    corrections_untold,
    onward_awaiting,
)


def queues_for(user: AnyUser) -> list[Queue]:
    return [queue for function in QUEUES if (queue := function(user)) is not None]
