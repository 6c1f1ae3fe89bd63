"""Django's and django-axes' signals are the only hooks their views offer; they call services.

A password is changed in several places (our page, the admin, `changepassword`, a shell);
all of them save the user with `set_password`'s new password pending, which is what the
`post_save` receiver below looks for, so that none can change a password unrecorded.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import context, services, sessions


@receiver(user_logged_in, dispatch_uid="accounts_signed_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.start(request)
    services.sign_in_record(user=user)


@receiver(user_logged_out, dispatch_uid="accounts_signed_out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    reason = getattr(request, "sign_out_reason", "signed_out") if request else "signed_out"
    services.sign_out_record(user=user, reason=reason)


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    services.sign_in_failed_record(username=str(credentials.get("username", "")))


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def _locked_out(sender: Any, request: Any, username: Any = None, **kwargs: Any) -> None:
    services.lockout_record(username=str(username or ""))


_REPLACES = "_accounts_replaces_password"


@receiver(pre_save, sender=get_user_model(), dispatch_uid="accounts_password_replacing")
def _password_replacing(sender: Any, instance: Any, **kwargs: Any) -> None:
    # AbstractBaseUser.set_password keeps the new raw password in `_password` until the
    # save that stores its hash has run. A change replaces a stored password (usable or
    # not); an account saved before any password was set (an empty field) only gets one.
    if getattr(instance, "_password", None) is None or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    setattr(instance, _REPLACES, bool(stored))


@receiver(post_save, sender=get_user_model(), dispatch_uid="accounts_password_changed")
def _password_changed(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created or not getattr(instance, _REPLACES, False):
        return
    setattr(instance, _REPLACES, False)
    services.password_change_record(user=instance, actor=context.acting_user())
