from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Signing in"

    def ready(self) -> None:
        from django.contrib import admin

        from . import receivers  # noqa: F401  (sign-in, lockout and password events)
        from .admin_site import ServiceAdminSite

        # The admin keeps its registrations and gains our rule: superusers with a verified
        # second factor only, signing in through the service's own sign-in (docs/adr/0013).
        admin.site.__class__ = ServiceAdminSite
