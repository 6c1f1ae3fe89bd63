"""Local development: DEBUG on, embedded PostgreSQL unless DATABASE_URL is set."""

import os

from config.database import database_config

from .base import *  # noqa: F403
from .base import AUDIT_SIGNING_KEY_FILE, BASE_DIR, INSTALLED_APPS, env_list

DEBUG = True
SECRET_KEY = "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The application connects as the runtime role; `make run` migrates as the owner
# (`manage.py migrate --database owner`, docs/adr/0017).
DATABASES = {
    "default": database_config(allow_embedded=True),
    "owner": database_config(allow_embedded=True, role="owner"),
}
# The benchmarks' commands (generate_scale_data): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_DATA_ALLOWED = True
# Notifications' e-mails are printed to the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# A signing key of this checkout, made on first use (never for production).
AUDIT_SIGNING_KEY_FILE = AUDIT_SIGNING_KEY_FILE or str(
    BASE_DIR / "var" / "audit" / "log-signing-key.pem"
)
AUDIT_SIGNING_KEY_GENERATE = True
AUDIT_CHECKPOINT_CRON = os.environ.get("AUDIT_CHECKPOINT_CRON", "* * * * *")  # every minute
