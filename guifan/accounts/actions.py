"""Writes of the accounts app: passwords chosen or reset, authenticator apps enrolled, demo exemptions."""

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor
from .password_models import PasswordState
from .signals import password_changed


@transaction.atomic
def change_own_password(request, form) -> None:
    """Stores the password of a valid PasswordChangeForm for the logged-in user; keeps them logged in."""
    user = form.save()  # set_password and save: the history validator records the hash and the date
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": False})
    update_session_auth_hash(request, user)
    password_changed.send(sender=PasswordState, user=user, by=user, request=request, reason="own")


@transaction.atomic
def password_reset_by_admin(request, user) -> None:
    """After an administrator set `user`'s password: the user must choose their own at next login."""
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": True})
    password_changed.send(sender=PasswordState, user=user, by=request.user, request=request, reason="reset")


@transaction.atomic
def start_totp_enrolment(user) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp_device(request, device: TOTPDevice, token: str) -> bool:
    """The first code from the app confirms the device and verifies this session; False if the code is wrong."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify_code(request, token: str) -> bool:
    """Checks a code against the user's device; a right one marks this session verified."""
    device = second_factor.confirmed_device(request.user)
    if device is None or not device.verify_token(token):
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def make_demo_account(user) -> TOTPDevice:
    """Demo only (DEBUG on): exempt from the forced and periodic password change, with a confirmed device."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo accounts exist only with DEBUG on (GUIFAN_DEBUG=1).")
    PasswordState.objects.update_or_create(user=user, defaults={"demo_exempt": True, "must_change": False})
    device = second_factor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return device
