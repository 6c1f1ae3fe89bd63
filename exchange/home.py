"""The exchange's work queues on the home page (queues.registry), beside the review queues.

The same functions feed `/requests/` (exchange.queues); this turns each into the home
page's `Queue`, in the order the lead officer meets them: requests due first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from queues import registry

from . import queues

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# After the decisions awaiting review (10) and returned (20), before consents (50).
ORDER = {
    "requests_due": 12,
    "received_unacknowledged": 14,
    "sent_unacknowledged": 42,
    "corrections_untold": 44,
    "onward_awaiting": 46,
}


def _home_queue(function: queues.QueueFunction, order: int) -> registry.QueueFunction:
    def home_queue(user: User | AnonymousUser, limit: int) -> registry.Queue | None:
        found = function(user)
        if found is None:
            return None
        items = [
            registry.Item(
                text=item.title, url=item.url, details=(item.detail,), overdue=item.overdue
            )
            for item in found.items[:limit]
        ]
        return registry.Queue(
            key=f"exchange_{found.key}",
            title=found.title,
            count=found.count,
            items=items,
            order=order,
            link=found.link,
            link_text=_link_text(found.link),
        )

    return home_queue


def _link_text(link: str) -> str:
    if link.startswith(reverse("exchange:inbox")):
        return "Go to what was received"
    if link.startswith(reverse("exchange:request_list")):
        return "Go to information requests"
    return "Open it"


def register_home_queues() -> None:
    for function in queues.QUEUES:
        registry.register(
            f"exchange_{function.__name__}", _home_queue(function, ORDER[function.__name__])
        )
