"""Logins, failed logins, logouts, lockouts and password changes go to the security log (guifan.core.security_log).

Connected in AccountsConfig.ready: Django's auth signals, django-axes's `user_locked_out` when it is installed, and
this app's `password_changed`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from guifan.core import security_log
from guifan.core.chain import logged_name

from .signals import password_changed

Event, Result = security_log.Event, security_log.Result


def _username_of(credentials) -> str:
    name = (credentials or {}).get(get_user_model().USERNAME_FIELD) or (credentials or {}).get("username") or ""
    return logged_name(name)


@receiver(user_logged_in, dispatch_uid="guifan-security-login")
def logged_in(sender, request, user, **kwargs):
    security_log.record(Event.LOGIN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="guifan-security-login-failed")
def login_failed(sender, credentials, request=None, **kwargs):
    name = _username_of(credentials)
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: name}).first() if name else None
    security_log.record(Event.LOGIN, request=request, user=user, username=name, result=Result.FAILURE)


@receiver(user_logged_out, dispatch_uid="guifan-security-logout")
def logged_out(sender, request, user, **kwargs):
    security_log.record(Event.LOGOUT, request=request, user=user)


@receiver(password_changed, dispatch_uid="guifan-security-password")
def password_was_changed(sender, user, request=None, **kwargs):
    """Own password: the user is the actor. Set by an administrator: the administrator acts on the account."""
    actor = getattr(request, "user", None)
    detail = {"reason": kwargs["reason"]} if kwargs.get("reason") else None
    if getattr(actor, "is_authenticated", False) and actor.pk != user.pk:
        security_log.record(Event.PASSWORD_CHANGE, request=request, user=actor, obj=user, detail=detail)
    else:
        security_log.record(Event.PASSWORD_CHANGE, request=request, user=user, obj=user, detail=detail)


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    name = logged_name(username)
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: name}).first() if name else None
    security_log.record(Event.LOCKOUT, request=request, user=user, username=name, result=Result.DENIED)


def connect_lockout() -> None:
    from django.apps import apps

    if not apps.is_installed("axes"):  # django-axes not set up (yet)
        return
    from axes.signals import user_locked_out

    user_locked_out.connect(locked_out, dispatch_uid="guifan-security-lockout")
