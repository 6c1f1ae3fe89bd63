"""Entry points for `sharing.scale`'s worker processes; importable before Django is set up."""

from __future__ import annotations

from typing import Any


def setup() -> None:
    import django

    django.setup()


def run(settings_dict: dict[str, Any], plan: Any, templates: Any) -> dict[str, Any]:
    from .scale_writer import write_agency

    return write_agency(settings_dict, plan, templates)
