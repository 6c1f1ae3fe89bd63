"""Sections that apps above `records` add to the case page, without records importing them.

An app registers a function in its AppConfig.ready(); the case page asks each for a panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from .models import Case


@dataclass(frozen=True)
class Panel:
    template: str
    order: int
    context: dict[str, Any] = field(default_factory=dict)


PanelFunction = Callable[["User | AnonymousUser", "Case"], "Panel | None"]
_registry: list[PanelFunction] = []


def register(function: PanelFunction) -> PanelFunction:
    if function not in _registry:
        _registry.append(function)
    return function


def panels_for(user: User | AnonymousUser, case: Case) -> list[Panel]:
    panels = [panel for function in _registry if (panel := function(user, case)) is not None]
    return sorted(panels, key=lambda panel: panel.order)


# Sections for the signed-in user's own home page (today the case list), such as their drafts.
HomePanelFunction = Callable[["User | AnonymousUser"], "Panel | None"]
_home_registry: list[HomePanelFunction] = []


def register_home(function: HomePanelFunction) -> HomePanelFunction:
    if function not in _home_registry:
        _home_registry.append(function)
    return function


def home_panels_for(user: User | AnonymousUser) -> list[Panel]:
    panels = [panel for function in _home_registry if (panel := function(user)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
