"""`make load`: development's database and demo data, served as production would be.

DEBUG off (its debug pages and query log would slow every request), static files from the
finders through WhiteNoise, and only loopback hosts: the load test never leaves the machine.
"""

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WHITENOISE_USE_FINDERS = True
DEMO_DATA_ALLOWED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
