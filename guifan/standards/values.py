"""A fact's raw value as the fact's type: the one conversion that the value store, reports, imports and the engine
share (是/否 and yes/no, `85%`, ISO dates, whole numbers for `integer`, a bound on magnitude)."""

from __future__ import annotations

import datetime as dt
import math

TRUE_WORDS = {"true", "1", "yes", "y", "是", "有", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "无", "f"}
MAX_ABS_FACT = 1e15


def parse_boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"{raw!r} is not yes/no")


def convert(fact, raw):
    """A raw input value as the fact's type; None for empty; ValueError (or TypeError) when it is not one."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if fact.type == "boolean":
        return parse_boolean(raw)
    if fact.type == "enum":
        text = str(raw).strip()
        if text not in fact.values:
            raise ValueError(f"{text!r} is not one of {', '.join(fact.values)}")
        return text
    if fact.type == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
    if isinstance(raw, bool):
        raise ValueError("a number is expected, not yes/no")
    number = float(str(raw).strip().rstrip("%")) if isinstance(raw, str) else float(raw)
    if not math.isfinite(number) or abs(number) > MAX_ABS_FACT:
        raise ValueError(f"{raw!r} is out of range")
    if fact.type == "integer" and not number.is_integer():
        raise ValueError(f"{raw!r} is not a whole number")
    return number


def typed_or_none(fact, raw):
    """`convert`, with an unreadable value missing (None) instead of an error: how stored values are read."""
    try:
        return convert(fact, raw)
    except (TypeError, ValueError):
        return None


# How the year's value of a quarterly or monthly fact is made of its values in period order (the pack's `aggregate`).
AGGREGATES = {
    "sum": sum, "min": min, "max": max, "last": lambda values: values[-1],
    "mean": lambda values: sum(values) / len(values), "any": any, "all": all,
}
