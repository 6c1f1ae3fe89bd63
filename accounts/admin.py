"""Superusers remove a person's lost authenticator app or backup codes in the admin; like
every other change there, it is written to the audit log (agencies.admin.AuditedAdmin)."""

from __future__ import annotations

from django.contrib import admin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.admin import AuditedAdmin

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(AuditedAdmin, TOTPDeviceAdmin):  # type: ignore[misc]
    pass


@admin.register(StaticDevice)
class AuditedStaticDeviceAdmin(AuditedAdmin, StaticDeviceAdmin):  # type: ignore[misc]
    pass
