"""Type-checking: what django-stubs' mypy plugin loads to read the models. No database.

mypy ends with `os._exit`, so no exit handler of its runs: an embedded PostgreSQL server
started from these settings would be left running (docs/adr/0002). The database below is
named for Django's sake only; nothing connects to it.
"""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "typecheck-only-not-secret-" + "x" * 40
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "typecheck"}}
