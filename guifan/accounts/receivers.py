"""A new account must choose its own password at first login; its first password counts in its history. At login,
the account controls start their clock."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import controls, passwords
from .password_models import PasswordState


@receiver(post_save, sender=get_user_model(), dispatch_uid="accounts-new-user-must-change-password")
def new_account_must_change_password(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        PasswordState.objects.get_or_create(user=instance, defaults={"must_change": True})
        passwords.remember(instance)


user_logged_in.connect(controls.on_login, dispatch_uid="accounts-controls-on-login")
