"""E-mails about a person's own account, through Django's e-mail framework."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def password_changed(*, user: User, by: str) -> None:
    context = {
        "name": user.get_full_name() or "there",
        "when": timezone.localtime(),
        "by_administrator": by != "self",
        "service_name": settings.SERVICE_NAME,
    }
    send_mail(
        subject="Your password was changed",
        message=render_to_string("accounts/email/password_changed.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
