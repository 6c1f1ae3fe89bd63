"""Local development: DEBUG on, embedded PostgreSQL unless DATABASE_URL is set."""

from config.database import database_config

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_list

DEBUG = True
SECRET_KEY = "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
DATABASES = {"default": database_config(allow_embedded=True)}
# The benchmarks' commands (generate_scale_data): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_DATA_ALLOWED = True
# Notifications' e-mails are printed to the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
