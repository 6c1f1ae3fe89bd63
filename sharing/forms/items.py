"""Question 7's first page (L 4.5.20, L 4.7.9, B 8): what exactly will be shared, one item at
a time (the "add another" pattern), and whether any of it comes from private law
proceedings (P 1, Cafcass)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import format_html

from records.formfields import gds_choices
from sharing import catalogues as cat

from .base import PageForm, text, yes_no

ITEM_TEXT = re.compile(r"^item_(\d+)_text$")
MAX_ITEMS = 30


def _item_count(data: Mapping[str, Any] | None, stored: Mapping[str, Any]) -> int:
    if data is not None:
        numbers = [int(m.group(1)) for key in data if (m := ITEM_TEXT.match(key))]
        return min(max(numbers, default=1), MAX_ITEMS)
    return max(1, len(stored.get("items") or []))


class ItemsPage(PageForm):
    title = "What exactly will be shared?"
    intro_template = "sharing/intro/items.html"
    help = (
        "Share only what is necessary for the purpose, rarely a whole record. Keep fact and "
        "opinion apart: say whether each piece of information is a fact, an opinion or a "
        "hypothesis (something you think may be true). Information gathered in private law "
        "proceedings, such as a section 7 report, may be released only with the court's "
        "permission."
    )
    help_source = (
        "L 4.5.20; L 4.7.9; B 8; P rule 6 (2024); P 1 (CAFCASS: Children & Family Reporters)"
    )

    private_law = yes_no(
        "Does any of it come from private law proceedings, such as a section 7 report?",
        "Select yes if any of it comes from private law proceedings",
        "Private law proceedings are family court cases between parents, for example about "
        "where a child lives. A Children and Family Reporter gathers information for them.",
    )

    def __init__(self, data: Any = None, *args: Any, slots: int | None = None, **kwargs: Any):
        stored = kwargs.get("stored") or {}
        self.slots = slots or _item_count(data, stored)
        super().__init__(data, *args, **kwargs)

    def setup_fields(self) -> None:
        private_law = self.fields.pop("private_law")
        natures = gds_choices(cat.INFORMATION_NATURE)
        for n in range(1, self.slots + 1):
            self.fields[f"item_{n}_text"] = text(f"Item {n}: what will be shared", rows=2)
            self.fields[f"item_{n}_nature"] = forms.ChoiceField(
                label=f"Is item {n} a fact, an opinion or a hypothesis?",
                choices=natures,
                widget=forms.RadioSelect,
                required=False,
            )
        self.fields["private_law"] = private_law

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from({k: v for k, v in stored.items() if k != "items"})
        for n, item in enumerate(stored.get("items") or [], start=1):
            if isinstance(item, dict):
                initial[f"item_{n}_text"] = item.get("text", "")
                initial[f"item_{n}_nature"] = item.get("nature", "")
        return initial

    def layout(self) -> Layout:
        parts: list[Any] = []
        for n in range(1, self.slots + 1):
            remove = (
                HTML(
                    format_html(
                        '<button type="submit" name="remove_item" value="{}" '
                        'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-4" '
                        'data-module="govuk-button">'
                        'Remove<span class="govuk-visually-hidden"> item {}</span></button>',
                        n,
                        n,
                    )
                )
                if self.slots > 1
                else HTML("")
            )
            parts.append(
                Fieldset(
                    Field.textarea(f"item_{n}_text", rows=2),
                    Field.radios(
                        f"item_{n}_nature", legend_size=Size.SMALL, inline=True, small=True
                    ),
                    remove,
                    legend=f"Item {n}",
                    legend_size=Size.MEDIUM,
                    css_class="govuk-fieldset app-item",
                    data_item=str(n),
                )
            )
        parts.append(
            HTML(
                '<button type="submit" name="add_item" value="1" class="govuk-button '
                'govuk-button--secondary" data-module="govuk-button">Add another item</button>'
            )
        )
        parts.append(Field.radios("private_law", legend_size=Size.MEDIUM, inline=True))
        return Layout(*parts)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        items = []
        for n in range(1, self.slots + 1):
            body = (cleaned.get(f"item_{n}_text") or "").strip()
            nature = cleaned.get(f"item_{n}_nature") or ""
            if body and not nature:
                self.add_error(
                    f"item_{n}_nature",
                    f"Select whether item {n} is a fact, an opinion or a hypothesis",
                )
            if nature and not body:
                self.add_error(f"item_{n}_text", f"Describe item {n}, or remove it")
            if body:
                items.append({"text": body, "nature": nature})
        if not items and "item_1_text" not in self.errors:
            self.add_error("item_1_text", "Describe at least one item of information shared")
        cleaned["items"] = items
        self.require("private_law", "Select yes if any of it comes from private law proceedings")
        return cleaned

    def answers(self) -> dict[str, Any]:
        return {
            "items": self.cleaned_data["items"],
            "private_law": self.cleaned_data.get("private_law"),
        }

    def typed_items(self) -> list[dict[str, str]]:
        """What is in each slot as typed (for adding or removing a slot without saving)."""
        out = []
        for n in range(1, self.slots + 1):
            out.append(
                {
                    "text": str(self.data.get(f"item_{n}_text", "")),
                    "nature": str(self.data.get(f"item_{n}_nature", "")),
                }
            )
        return out
