"""A test client signed in the way the service's sign-in leaves a session: with the
second factor verified for those who must use one (lead officers, auditors,
administrators; docs/adr/0013), so the timed pages are the pages, not the redirect to
the second-factor step. Import after Django is set up."""

from __future__ import annotations

from typing import Any


def signed_in_client(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agencies import permissions

    client = Client()
    client.force_login(user)
    if permissions.needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="Authenticator app (benchmark)", confirmed=True
            )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
