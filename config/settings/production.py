"""Production: everything from the environment; refuses to start without the essentials."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.database import database_config

from .base import *  # noqa: F403
from .base import env_bool, env_list


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
_required("DATABASE_URL")
# The web server and the worker connect as the runtime role (DATABASE_URL); migrations run
# as the owner: `OWNER_DATABASE_URL=... manage.py migrate --database owner` (docs/adr/0017).
DATABASES = {"default": database_config(allow_embedded=False)}
if os.environ.get("OWNER_DATABASE_URL", "").strip():
    DATABASES["owner"] = database_config(allow_embedded=False, role="owner")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the service's host names (no wildcard).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Behind a reverse proxy that sets X-Forwarded-For, record the client's address in the
# audit log rather than the proxy's. Only turn this on when a trusted proxy is in front.
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", default=False)
