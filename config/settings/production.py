"""Production: everything from the environment; refuses to start with an unsafe value.

Each refusal below is one `manage.py check --deploy` would only warn about: here the
process stops, so a misconfigured service never answers a request (docs/adr/0016).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.database import database_config

from .base import *  # noqa: F403
from .base import env_bool, env_list

MIN_SECRET_KEY_LENGTH = 50


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from error


SECRET_KEY = _required("SECRET_KEY")
if len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} random characters "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
_required("DATABASE_URL")
# The web server and the worker connect as the runtime role (DATABASE_URL); migrations run
# as the owner: `OWNER_DATABASE_URL=... manage.py migrate --database owner` (docs/adr/0017).
DATABASES = {"default": database_config(allow_embedded=False)}
if os.environ.get("OWNER_DATABASE_URL", "").strip():
    DATABASES["owner"] = database_config(allow_embedded=False, role="owner")

DEBUG = env_bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured(
        "DEBUG must not be on in production: it shows stack traces and settings to anyone."
    )
DEMO_DATA_ALLOWED = False

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or any(host == "*" or host.startswith((".", "*")) for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the service's host names in full "
        "(no wildcard, no leading dot for a whole domain)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31536000)
if SECURE_HSTS_SECONDS <= 0:
    raise ImproperlyConfigured(
        "SECURE_HSTS_SECONDS must be more than 0: browsers must only ever use HTTPS here."
    )
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Sends the preload flag; the domain joins browsers' lists only if someone submits it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# __Host- cookies: only over HTTPS, only for this exact host, path /: a neighbouring
# subdomain cannot set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# How many reverse proxies of ours stand in front and append to X-Forwarded-For: the
# client's address is the entry that many places from the right (audit/middleware.py).
# USE_X_FORWARDED_FOR=true, the older switch, means one.
TRUSTED_PROXY_COUNT = _int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("USE_X_FORWARDED_FOR", default=False) else 0
)

# E-mail (password-change notices, notifications) by SMTP from the environment; SITE_URL
# is what the links in them point to.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = _int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("SITE_URL", f"https://{ALLOWED_HOSTS[0]}").rstrip("/")
