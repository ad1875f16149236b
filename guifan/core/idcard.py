"""Resident identity numbers (GB 11643-1999): 18 characters, the last a check digit over the first 17."""

import datetime as dt
import random

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


class IdNumberError(ValueError):
    """Why an ID number is invalid; the message is user-facing."""


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def birth_date_of(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def first_of_month(value: dt.date | None) -> dt.date | None:
    """The first day of the month of a date: how a birth month (出生年月) is stored, the day left out."""
    return value.replace(day=1) if value else None


def year_month(value) -> str:
    """The birth year and month (出生年月, YYYY-MM) of a date or an ISO date string; "" for none.

    The full birth date is never shown next to anything of the ID number: the masked number keeps the region code
    only, and with the birth date the remaining sequence leaves too few candidates (docs/security.md)."""
    if not value:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%Y-%m}"
    return str(value)[:7]


def validate(value: str) -> str:
    """Return the normalised number or raise IdNumberError with a message saying what is wrong."""
    from django.utils.translation import gettext as _

    number = normalise(value)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(_("An ID number has 18 characters: 17 digits and a check digit (0-9 or X)."))
    try:
        birth_date_of(number)
    except ValueError as exc:
        raise IdNumberError(_("The birth date inside the ID number is not a real date.")) from exc
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError(_("The check digit of the ID number is wrong."))
    return number


def generate(rng: random.Random, region_code: str, birth: dt.date, male: bool) -> str:
    """A valid number for sample data: region, birth date, sequence with the sex bit, check digit."""
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{region_code[:6]}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)
