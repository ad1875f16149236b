"""The benchmark's own users: one city and one county user, each with a random password nobody else ever sees,
created at the start and, at the end, deactivated with an unusable password and no role (their logins are on the
audit trail, so they are never deleted), the sessions the benchmark opened deleted. Their roles need the second
factor: each has an authenticator device, and the benchmark marks its sessions verified in the session store (as if
it had typed the code) rather than once per client through the page: a TOTP code is accepted once only."""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from guifan.accounts.models import PasswordState, Role

from .pages import CITY, COUNTY, Targets


@dataclass
class BenchUsers:
    users: dict  # role -> user
    password: str
    session_keys: list[str] = field(default_factory=list)  # every session opened, deleted at the end
    devices: dict = field(default_factory=dict)  # role -> confirmed TOTP device

    def username(self, role: str) -> str:
        return self.users[role].get_username()

    def pass_second_factor(self, role: str, session_key: str) -> None:
        """Marks a logged-in session of `role` verified, as django_otp.login does after a right code."""
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
        session[DEVICE_ID_SESSION_KEY] = self.devices[role].persistent_id
        session.save()


@contextmanager
def bench_users(targets: Targets):
    password = secrets.token_urlsafe(24)
    suffix = secrets.token_hex(4)
    regions = {CITY: (Role.Kind.CITY, targets.city), COUNTY: (Role.Kind.COUNTY, targets.county)}
    with transaction.atomic():
        users = {}
        for role, (kind, region) in regions.items():
            users[role] = get_user_model().objects.create_user(f"bench-{role}-{suffix}", password=password)
            Role.objects.create(user=users[role], kind=kind, region=region)
        # The password is the benchmark's own, never shown: no forced change at first login.
        PasswordState.objects.filter(user__in=users.values()).update(must_change=False)
        devices = {role: TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
                   for role, user in users.items()}
    bench = BenchUsers(users=users, password=password, devices=devices)
    try:
        yield bench
    finally:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        with transaction.atomic():
            for key in bench.session_keys:
                store(session_key=key).delete()
            for user in users.values():
                Role.objects.filter(user=user).delete()
                user.is_active = False
                user.set_unusable_password()
                user.save(update_fields=["is_active", "password"])
