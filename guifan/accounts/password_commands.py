"""Passwords stored outside the web pages (Django's `createsuperuser` and `changepassword` commands): the accounts
they save are collected while the command runs, then each gets its history entry and date (`passwords.remember`)
and the `password_changed` signal (so the security log records it), as a password set on a page does."""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from . import actions


@contextmanager
def announce_passwords_stored(reason: str):
    saved = {}

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[instance.pk] = instance

    uid = f"accounts-password-command-{id(saved)}"
    post_save.connect(collect, sender=get_user_model(), weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        post_save.disconnect(sender=get_user_model(), dispatch_uid=uid)
    for user in saved.values():
        actions.password_set_by_command(get_user_model()._default_manager.get(pk=user.pk), reason)
