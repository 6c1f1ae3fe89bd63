#!/usr/bin/env python3
"""Architecture rules that `make test` enforces, so that they stay true.

1. Views never query a protected model directly: no `<Model>.objects` and no
   `get_object_or_404` / `get_list_or_404` in a view module. Reads go through a scoped
   selector or `records.access` (docs/adr/0004). In the spirit of NHS Manage Breast
   Screening's `scripts/lint_model_usage_in_views.py`, but reading the syntax tree, and
   finding the models itself: every model class defined in an app's `models.py`.
2. Nothing compares a member's role outside `agencies/permissions.py`: no `x.role == ...`,
   no `Role.X` in a comparison or a query filter, no `role ==` in a template. Ask a
   permission predicate instead (docs/adr/0011).

Usage: python scripts/lint_rules.py  (exit 1 and a list of places when a rule is broken)
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "audit",
    "agencies",
    "accounts",
    "notifications",
    "queues",
    "records",
    "consent",
    "sharing",
    "review",
    "exchange",
    "sar",  # subject access requests (issue 13b)
    "administration",  # agency administration (issue 14a)
    "agreements",  # information-sharing agreements (issue 14b)
)
# The one module that reads roles, and the model that defines them.
ROLE_READERS = {"agencies/permissions.py", "agencies/models.py"}
LOOKUP_HELPERS = {"get_object_or_404", "get_list_or_404"}
QUERIES = {"filter", "exclude", "get", "Q"}
ROLE_CODES = {"practitioner", "lead_officer", "auditor", "agency_admin"}
TEMPLATE_ROLE = re.compile(
    r"\brole\s*(==|!=|in)\s|[=!]=\s*['\"](" + "|".join(sorted(ROLE_CODES)) + r")['\"]"
)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def model_names(sources: Iterable[str]) -> set[str]:
    """The classes a models module defines that derive from a model base."""
    names = set()
    for source in sources:
        for node in ast.parse(source).body:
            if isinstance(node, ast.ClassDef) and any(
                (ast.unparse(base).endswith(("Model", "ObjectPermissionBase")))
                for base in node.bases
            ):
                names.add(node.name)
    return names


def view_problems(path: str, source: str, models: set[str]) -> Iterator[Problem]:
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in models
        ):
            yield Problem(
                path, node.lineno, f"{node.value.id}.objects in a view: use a scoped selector"
            )
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func).rsplit(".", 1)[-1]
            if name in LOOKUP_HELPERS:
                yield Problem(
                    path, node.lineno, f"{name} in a view: use a selector or records.access"
                )


def _is_role(node: ast.AST) -> bool:
    """`something.role`, or a member of `Role`."""
    if isinstance(node, ast.Attribute) and node.attr == "role":
        return True
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and (node.value.id == "Role")
    )


def role_problems(path: str, source: str) -> Iterator[Problem]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_is_role(part) for part in ast.walk(node)):
            yield Problem(path, node.lineno, "a role compared: ask agencies.permissions")
        if isinstance(node, ast.Call) and ast.unparse(node.func).rsplit(".", 1)[-1] in QUERIES:
            for keyword in node.keywords:
                if keyword.arg and "role" in keyword.arg.split("__"):
                    yield Problem(path, node.lineno, "a query by role: ask agencies.permissions")


def template_problems(path: str, text: str) -> Iterator[Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if "{%" in line and TEMPLATE_ROLE.search(line):
            yield Problem(path, number, "a role compared in a template: pass a permission")


def _is_view_module(relative: Path) -> bool:
    return (
        relative.name == "views.py"
        or relative.name.endswith("_views.py")
        or ("views" in relative.parts[:-1])
    )


def problems(root: Path = ROOT) -> list[Problem]:
    found: list[Problem] = []
    python = [
        path
        for app in APPS
        for path in sorted((root / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]
    models = model_names(path.read_text("utf-8") for path in python if path.name == "models.py")
    for path in python:
        relative = path.relative_to(root)
        source = path.read_text("utf-8")
        if _is_view_module(relative):
            found += view_problems(str(relative), source, models)
        if relative.as_posix() not in ROLE_READERS:
            found += role_problems(str(relative), source)
    for path in sorted((root / "templates").rglob("*.html")):
        found += template_problems(str(path.relative_to(root)), path.read_text("utf-8"))
    return sorted(found)


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} place(s) break the architecture rules (scripts/lint_rules.py)")
        return 1
    print("Architecture rules kept: views use selectors; only agencies.permissions reads roles.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
