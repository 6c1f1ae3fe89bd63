"""Every form the service offers, found by walking the URL patterns as each role.

Shared by the hostile-input tests and the fuzz suite: a route added by anyone is visited
(tests/test_access.py fills its parameters), its page read as each role of the home
agency, and each form on it collected with its fields, so that a new form is attacked
without anyone remembering to add it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from agencies.models import Role
from tests.factories.agencies import member
from tests.test_access import ALL_ROUTES, World, _url

ROLES = ("practitioner", "lead_officer", "auditor", "agency_admin")
# Forms whose sending ends the session or starts another one: attacked in their own tests.
SKIPPED_ACTIONS = ("/accounts/logout/", "/accounts/login/", "/accounts/session/extend/")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, file, date-part, password
    choices: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, Field]

    def date_fields(self) -> list[str]:
        """GOV.UK date inputs: three parts named <name>_0, _1, _2."""
        return sorted(
            name[:-2]
            for name in self.fields
            if name.endswith("_0") and f"{name[:-2]}_2" in self.fields
        )

    def text_fields(self) -> list[str]:
        return [n for n, f in self.fields.items() if f.kind in ("text", "textarea", "password")]

    def baseline(self) -> dict[str, Any]:
        """Plausible answers: each choice field's first option, today for each date."""
        data: dict[str, Any] = {}
        today = datetime.date.today()
        dates = self.date_fields()
        for name, f in self.fields.items():
            if f.kind == "file" or name == "csrfmiddlewaretoken":
                continue
            if name[:-2] in dates and name[-2:] in ("_0", "_1", "_2"):
                part = {"_0": today.day, "_1": today.month, "_2": today.year}[name[-2:]]
                data[name] = str(part)
            elif f.kind in ("select", "radio", "checkbox"):
                options = [c for c in f.choices if c]
                if options:
                    data[name] = options[0]
            elif f.kind == "hidden":
                data[name] = f.value
            else:
                data[name] = "Test text"
        return data


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(
                self.page, a.get("action") or self.page, (a.get("method") or "get").lower(), {}
            )
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        fields = self._form.fields
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button"):
                return
            if kind in ("radio", "checkbox"):
                fields.setdefault(name, Field(name, kind)).choices.append(a.get("value", "on"))
            else:
                fields[name] = Field(
                    name,
                    kind if kind in ("hidden", "file", "password") else "text",
                    value=a.get("value", ""),
                )
        elif tag == "textarea":
            fields[name] = Field(name, "textarea")
        elif tag == "select":
            self._select = fields[name] = Field(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.choices.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            if self._form.fields and not self._form.action.startswith(SKIPPED_ACTIONS):
                self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(page: str, html: str) -> list[Form]:
    parser = _Parser(page)
    parser.feed(html)
    return parser.forms


@dataclass
class Visit:
    role: str
    user: Any
    forms: list[Form]


def users_for(world: World, agency: Any) -> dict[str, Any]:
    return {
        "practitioner": world.member,
        "lead_officer": world.lead,
        "auditor": member(agency, Role.AUDITOR, audit_scope=[agency]),
        "agency_admin": member(agency, Role.AGENCY_ADMIN),
    }


def walk(client: Any, world: World, agency: Any) -> list[Visit]:
    """Every form on every page each role of the home agency is offered."""
    visits = []
    for role, user in users_for(world, agency).items():
        client.force_login(user)
        found: dict[tuple[str, str], Form] = {}
        for route in ALL_ROUTES:
            url = _url(route, world)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for form in forms_on(url, response.content.decode()):
                found.setdefault((form.action, " ".join(sorted(form.fields))), form)
        visits.append(Visit(role, user, list(found.values())))
    return visits
