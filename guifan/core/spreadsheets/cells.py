"""Turning one spreadsheet cell (as python-calamine returns it) into a register value, or a reason why not."""

import datetime as dt
import re

from django.utils.translation import gettext as _

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class CellError(ValueError):
    """The message is user-facing: it says what is wrong with the cell and how to fix it."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value) -> str:
    """Text as the user sees it; whole numbers lose the ".0" Excel adds."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        raise CellError(_("Expected text, found TRUE/FALSE."))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        raise CellError(_("Expected text, found a date or time."))
    return str(value).strip()


def to_id_number(value) -> str:
    """An ID number must arrive as text: as a number Excel keeps only 15 significant digits."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            _("The ID number was entered as a number, which Excel rounds; format the column as text and type it again.")
        )
    return to_text(value).upper()


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("Not a real date.")) from exc


def to_date(value) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = _DATE_DIGITS.match(str(int(value))) if float(value).is_integer() else None
        if digits:
            return _date(*(int(g) for g in digits.groups()))
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, str):
        text = value.strip()
        match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
        if match:
            return _date(*(int(g) for g in match.groups()))
    raise CellError(_("Not a date: enter a date such as 2024-07-01."))


def to_count(value) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise CellError(_("Expected a whole number of 0 or more."))


def to_choice(value, lookup: dict[str, str]) -> str:
    """The stored value for a label (in any language) or for the stored value itself."""
    text = to_text(value)
    if not text:
        return ""
    found = lookup.get(text.casefold())
    if found is None:
        raise CellError(_("Not one of the allowed values (see the drop-down list or the instructions sheet)."))
    return found
