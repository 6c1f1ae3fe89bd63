"""Tests: the same embedded PostgreSQL (or DATABASE_URL); fast password hashing."""

import os

from config.database import database_config

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The suite connects as the owner, which creates each run's database, migrates it and may
# empty the guarded tables between tests (tests/conftest.py). The tests of the runtime
# role's refusals connect as that role (tests/audit/test_roles.py); the tests that play a
# tamperer, as the superuser (docs/adr/0017).
DATABASES = {"default": database_config(allow_embedded=True, role="owner")}
# The benchmarks' commands (generate_scale_data): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One test database per run, so that runs started side by side (two terminals, or an
# editor's test runner beside `make test`) never drop each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEMO_DATA_ALLOWED = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests sign with a key of their own, in a directory of each run (tests/conftest.py).
AUDIT_SIGNING_KEY_GENERATE = True
