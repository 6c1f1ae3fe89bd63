"""The architecture rules hold, and the checks that enforce them catch what they should.

`make test` also runs `lint-imports` (the app order, no cycles, no Django in the pure
modules: pyproject.toml) and `scripts/lint_rules.py`; these tests prove the rules of the
second one bite, and that no model change lacks its migration.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from scripts import lint_rules


def test_the_codebase_keeps_the_architecture_rules():
    assert lint_rules.problems() == []


def test_models_are_found_in_the_models_modules():
    source = "class Case(models.Model):\n    pass\nclass Helper:\n    pass\n"
    assert lint_rules.model_names([source]) == {"Case"}


def test_a_view_that_queries_a_protected_model_is_caught():
    source = (
        "def view(request, pk):\n"
        "    case = Case.objects.get(pk=pk)\n"
        "    other = get_object_or_404(Decision, pk=pk)\n"
        "    return Agency.objects.all()\n"
    )
    found = list(lint_rules.view_problems("x/views.py", source, {"Case", "Decision"}))
    assert sorted((p.line, p.message.split()[0]) for p in found) == [
        (2, "Case.objects"),
        (3, "get_object_or_404"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "ok = membership.role == 'auditor'",
        "ok = membership.role in (Role.AUDITOR, Role.LEAD_OFFICER)",
        "people = Membership.objects.filter(role=Role.AUDITOR)",
        "people = User.objects.filter(membership__role__in=['auditor'])",
    ],
)
def test_a_role_read_outside_the_permissions_module_is_caught(source):
    assert list(lint_rules.role_problems("x/selectors.py", source))


def test_assigning_a_role_is_not_reading_one():
    source = "member_create(actor=None, role=Role.AUDITOR, username='x')"
    assert list(lint_rules.role_problems("x/demo.py", source)) == []


def test_a_role_compared_in_a_template_is_caught():
    text = '{% if membership.role == "lead_officer" %}<a href="/review/">Log</a>{% endif %}'
    assert list(lint_rules.template_problems("base.html", text))
    assert not list(lint_rules.template_problems("base.html", "{% if may_see_log %}x{% endif %}"))


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
