"""Who needs the second factor (a TOTP authenticator app), and the devices an account has."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role


def required_for(user) -> bool:
    """Staff, superusers and the city, county and township roles must verify a code; others may choose to."""
    if user.is_staff or user.is_superuser:
        return True
    role = getattr(user, "role", None)
    return role is not None and role.kind in Role.REGION_LEVEL


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice | None:
    """The device being enrolled: created, its secret shown, not yet confirmed by a first code."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def current_code(device: TOTPDevice) -> str:
    """The code the device's app shows now (for demo accounts and tests: a real app computes it on the phone)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
