"""Production settings refuse to start with an unsafe value; the deploy check finds nothing
to warn about; never embedded PostgreSQL; demo data never under production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = {
    "SECRET_KEY": "Vq3r9-Jk2mX7pL0sWd8eT4yB6nH1cZ5aF2gU9iO3kR7tE0wQ4vY8xM6bN1jS5hD",
    "DATABASE_URL": "postgres://u:p@db.internal/x",
    "ALLOWED_HOSTS": "sharing.example.org",
}
PRINT = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['HOST'], settings.SESSION_COOKIE_NAME, "
    "settings.CSRF_COOKIE_NAME, settings.SECURE_HSTS_SECONDS, settings.TRUSTED_PROXY_COUNT)"
)


def _run(args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' fixture for their own process.
        if k
        not in (
            *GOOD,
            "DEBUG",
            "SECURE_HSTS_SECONDS",
            "USE_X_FORWARDED_FOR",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _import_production(**env):
    return _run(["-c", PRINT], **env)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "k"}, "SECRET_KEY must be at least 50"),
        ({"SECRET_KEY": "k" * 60}, "SECRET_KEY must be at least 50"),  # not random
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
        ({"DEBUG": "true"}, "DEBUG must not be on"),
        ({"SECURE_HSTS_SECONDS": "0"}, "SECURE_HSTS_SECONDS must be more than 0"),
        ({"ALLOWED_HOSTS": "*"}, "no wildcard"),
        ({"ALLOWED_HOSTS": ".org"}, "no leading dot"),
        ({"ALLOWED_HOSTS": "sharing.example.org,*.example.org"}, "no wildcard"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_value(change, message):
    result = _import_production(**{**GOOD, **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_debug_off_on_the_given_database_with_host_only_cookies():
    result = _import_production(**GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "db.internal",
        "__Host-sessionid",
        "__Host-csrftoken",
        "31536000",
        "0",
    ]


def test_the_older_forwarded_for_switch_means_one_trusted_proxy():
    result = _import_production(**GOOD, USE_X_FORWARDED_FOR="true")
    assert result.stdout.split()[-1] == "1"


def test_the_deploy_check_reports_no_issues_with_the_required_environment():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **GOOD,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_demo_data_refuses_under_production_settings_even_with_debug_forced_on():
    # DEBUG=true is refused by the settings themselves; with DEBUG forced on after they
    # load, the command still refuses, because production settings never allow demo data.
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "settings.DEBUG = True; from django.core.management import call_command; "
        "call_command('demo_data')"
    )
    result = _run(["-c", code], **GOOD)
    assert result.returncode != 0
    assert "demo_data refuses to run" in result.stderr
