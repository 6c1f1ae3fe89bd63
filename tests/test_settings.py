"""Production settings refuse to start without their essentials; never embedded PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _import_production(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.DATABASES['default']['HOST'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DATABASE_URL": "postgres://u:p@db/x", "ALLOWED_HOSTS": "example.org"},
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "example.org"}, "DATABASE_URL must be set"),
        (
            {"SECRET_KEY": "k" * 50, "DATABASE_URL": "postgres://u:p@db/x", "ALLOWED_HOSTS": "*"},
            "no wildcard",
        ),
    ],
)
def test_production_refuses_to_start_without_essentials(env, message):
    result = _import_production(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_debug_off_on_the_given_database():
    result = _import_production(
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://u:p@db.internal/x",
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "db.internal"]
