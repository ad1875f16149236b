"""One cell of a facts workbook as the value stored in a report, or the reason (user-facing) why not."""

from __future__ import annotations

import datetime as dt
import math

from django.utils.translation import gettext as _

from guifan.core.spreadsheets import cells
from guifan.facts.actions import to_json
from guifan.standards.values import FALSE_WORDS, MAX_ABS_FACT, TRUE_WORDS

NUMERIC = ("number", "integer", "percent")


class CellProblem(ValueError):
    pass


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number(fact, raw) -> float:
    if isinstance(raw, bool):
        raise CellProblem(_("Expected a number, found TRUE/FALSE."))
    if isinstance(raw, dt.date | dt.datetime | dt.time | dt.timedelta):
        raise CellProblem(_("Expected a number, found a date or time."))
    if isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "")
        if fact.type == "percent":
            text = text.rstrip("%％").strip()
        try:
            number = float(text)
        except ValueError:
            raise CellProblem(_("Expected a number, found text “%(text)s”.") % {"text": raw.strip()[:40]}) from None
    else:
        number = float(raw)
    if not math.isfinite(number) or abs(number) > MAX_ABS_FACT:
        raise CellProblem(_("The number is out of range."))
    if number < 0:
        raise CellProblem(_("Cannot be negative."))
    if fact.type == "percent" and number > 100:
        raise CellProblem(_("A percentage cannot be over 100 (enter percentage points: 85 for 85%)."))
    if fact.type == "integer" and not number.is_integer():
        raise CellProblem(_("Expected a whole number."))
    return number


def _boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = cells.to_text(raw).lower() if not isinstance(raw, dt.date | dt.datetime) else ""
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellProblem(_("Expected 是 or 否 (yes or no); choose from the drop-down list."))


def parse_cell(fact, domain: str, raw):
    """The stored JSON value of a non-blank cell for an organisation of `domain`; raises CellProblem."""
    if domain not in fact.domains:
        raise CellProblem(_("Organisations of this domain do not report this fact (the cell is greyed): leave it "
                            "empty."))
    if fact.type in NUMERIC:
        value = _number(fact, raw)
    elif fact.type == "boolean":
        value = _boolean(raw)
    elif fact.type == "date":
        try:
            value = cells.to_date(raw)
        except cells.CellError as exc:
            raise CellProblem(str(exc)) from None
    else:
        text = cells.to_text(raw) if not isinstance(raw, bool) else str(raw)
        if text not in fact.values:
            raise CellProblem(_("Not one of the allowed values: %(values)s.") % {"values": " / ".join(fact.values)})
        value = text
    return to_json(fact, value)
