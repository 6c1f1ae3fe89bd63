"""The invitation e-mail, through Django's e-mail framework (console backend in
development, locmem in tests, SMTP in production).

It carries the one-time link and the username, and nothing about any child or case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from .models import INVITATION_LIFETIME

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from agencies.models import Membership


def invitation(*, membership: Membership, invited_by: User, link: str) -> None:
    user = membership.user
    body = render_to_string(
        "administration/email/invitation.txt",
        {
            "name": user.get_full_name() or "there",
            "agency": membership.agency.name,
            "role": membership.get_role_display(),
            "invited_by": invited_by.get_full_name() or "your agency's administrator",
            "username": user.get_username(),
            "link": link,
            "expires": timezone.localtime() + INVITATION_LIFETIME,
            "service_name": settings.SERVICE_NAME,
        },
    )
    EmailMessage(
        subject=f"You have been invited to {settings.SERVICE_NAME}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    ).send()
