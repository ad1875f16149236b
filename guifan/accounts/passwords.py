"""The password policy: what a password must be (validators), and when an account must choose a new one."""

import datetime as dt
import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .password_models import PasswordHistory, PasswordState

CLASSES = (
    ("upper", str.isupper),
    ("lower", str.islower),
    ("digit", str.isdigit),
    ("symbol", lambda ch: ch in string.punctuation or not (ch.isalnum() or ch.isspace())),
)


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols the password uses."""
    return sum(any(test(ch) for ch in password) for _name, test in CLASSES)


class CharacterClassesValidator:
    """At least `min_length` characters of at least `min_classes` of the four kinds."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length, self.min_classes = min_length, min_classes

    def validate(self, password, user=None):
        if len(password) < self.min_length or character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("A password needs at least %(length)d characters and at least %(classes)d of the four kinds: "
                 "upper-case letters, lower-case letters, digits and symbols.") % {
            "length": self.min_length, "classes": self.min_classes}


class PasswordHistoryValidator:
    """None of the account's last `count` passwords (the current one included) again. Records each new one."""

    def __init__(self, count: int | None = None):
        self.count = count or settings.GUIFAN_PASSWORD_HISTORY

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        for earlier in PasswordHistory.objects.filter(user=user)[: self.count]:
            if check_password(password, earlier.password):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return ngettext("A password may not be the same as the last one.",
                        "A password may not be any of the last %(count)d.", self.count) % {"count": self.count}

    def password_changed(self, password, user=None):
        """Called by Django whenever a password is stored (user.set_password then save): keep its hash and date."""
        if user is None or user.pk is None:
            return
        remember(user, self.count)



def remember(user, count: int | None = None) -> None:
    """Keeps the hash of the user's current password (once) and its date; forgets all but the last `count`."""
    count = count or settings.GUIFAN_PASSWORD_HISTORY
    if user.password and user.has_usable_password():
        newest = PasswordHistory.objects.filter(user=user).first()
        if newest is None or newest.password != user.password:
            PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[:count]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})


def max_age() -> dt.timedelta:
    return dt.timedelta(days=settings.GUIFAN_PASSWORD_MAX_AGE_DAYS)


class ChangeReason:
    FIRST = "first"  # a new account, or an administrator set the password
    EXPIRED = "expired"


def status(user) -> tuple[str | None, dt.datetime | None]:
    """Why the user must choose a new password before anything else (or None), and when the current one expires
    (None: never, a demo account with DEBUG on). One query."""
    state = PasswordState.objects.filter(user=user).first()
    if state is None:
        return ChangeReason.FIRST, timezone.now()
    if state.demo_exempt and settings.DEBUG:
        return None, None
    expires = (state.changed_at or timezone.now() - max_age()) + max_age()
    if state.must_change:
        return ChangeReason.FIRST, expires
    if timezone.now() >= expires:
        return ChangeReason.EXPIRED, expires
    return None, expires


def change_needed(user) -> str | None:
    return status(user)[0]
