"""The cells of sensitive columns as the error workbook keeps them: an ID number shows its region code, a phone its
first 3 and last 4 digits (the masks of guifan.core.crypto), a date its year and month, anything else nothing."""

import datetime as dt

from guifan.core import crypto, idcard

from . import cells
from .columns import Column


def masked_cell(column: Column, value) -> str:
    if cells.is_blank(value):
        return ""
    if column.kind == "id_number":
        return crypto.mask_id_number(idcard.normalise(_digits(value)))
    if column.kind == "phone":
        return crypto.mask_phone(_digits(value))
    if column.kind == "date":
        return _year_month(value)
    return "*" * len(str(value))


def _digits(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _year_month(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return idcard.year_month(value)
    try:
        parsed = cells.to_date(value)
    except cells.CellError:
        return "*" * len(str(value))
    return idcard.year_month(parsed)
