"""The workbook a user gets back when an import is refused: their rows at the same row numbers, the bad cells
highlighted, an errors column, and a sheet listing row, column and reason. The cells of sensitive columns (ID
numbers, phones, birth dates) are masked in it. Stored readable by the server's user only (0600) and deleted after
GUIFAN_ERROR_WORKBOOK_HOURS by `guifan purge_files` (also run whenever a new one is stored)."""

import os
import re
import secrets
from collections import defaultdict
from pathlib import Path

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import registry
from .columns import DATE_FORMAT
from .files import delete_older_than, private_directory
from .masking import masked_cell
from .results import ImportResult
from .writer import write_value

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
ERRORS_KEY = "_errors"


def write_error_workbook(result: ImportResult, target) -> None:
    """Writes to a path or file object. Row numbers of the data sheet are those of the uploaded file."""
    sheet = result.sheet
    by_row = defaultdict(dict)
    for error in result.errors:
        by_row[error.row][error.key] = error
    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    plain = {"text": wb.add_format({"num_format": "@"}), "date": wb.add_format({"num_format": DATE_FORMAT}),
             "other": wb.add_format()}
    bad = {name: wb.add_format({"num_format": fmt, "bg_color": "#FFC7CE", "font_color": "#9C0006"})
           for name, fmt in (("text", "@"), ("date", DATE_FORMAT), ("other", "General"))}
    header_format = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    error_format = wb.add_format({"font_color": "#C00000", "text_wrap": True})

    ws = wb.add_worksheet(result.title or registry.title(result.kind))
    columns = sheet.columns
    header_row = sheet.first_data_row - 2  # zero-based
    if header_row >= 1:
        ws.set_row(header_row - 1, None, None, {"hidden": True})
        ws.write_row(header_row - 1, 0, [c.key for c in columns] + [ERRORS_KEY])
    ws.write_row(header_row, 0, [str(c.header) for c in columns] + [str(_("Errors"))], header_format)
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width)
    ws.set_column(len(columns), len(columns), 60)
    ws.freeze_panes(header_row + 1, 0)
    for number, values in sheet.rows:
        row_errors = by_row.get(number, {})
        for index, (column, value) in enumerate(zip(columns, values, strict=True)):
            style = "text" if column.is_text else "date" if column.is_date else "other"
            if getattr(column, "sensitive", False):
                value, style = masked_cell(column, value), "text"
            fmt = (bad if column.key in row_errors else plain)[style]
            write_value(ws, number - 1, index, value, fmt)
        if row_errors:
            reasons = "；".join(f"{e.column}：{e.reason}" if e.column else e.reason for e in row_errors.values())
            ws.write_string(number - 1, len(columns), reasons, error_format)

    listing = wb.add_worksheet(str(_("Error list")))
    listing.write_row(0, 0, [str(_("Row")), str(_("Column")), pgettext("error list", "Reason")], header_format)
    for i, error in enumerate(result.errors, start=1):
        listing.write_number(i, 0, error.row)
        listing.write_string(i, 1, error.column)
        listing.write_string(i, 2, error.reason)
    listing.set_column(1, 1, 20)
    listing.set_column(2, 2, 80)
    listing.freeze_panes(1, 0)
    wb.close()


def keep_hours() -> float:
    return float(getattr(settings, "ERROR_WORKBOOK_HOURS", 24))


def _directory() -> Path:
    return private_directory(Path(settings.DATA_DIR) / "import-errors")


def purge_error_workbooks() -> int:
    """Deletes the error workbooks older than ERROR_WORKBOOK_HOURS; returns how many."""
    return delete_older_than(_directory(), "*.xlsx", hours=keep_hours())


def store_error_workbook(result: ImportResult) -> str:
    """Writes the error workbook to the data directory, readable by the server's user only; returns the token that
    names it. Old ones are purged first."""
    purge_error_workbooks()
    token = secrets.token_urlsafe(24)
    path = _directory() / f"{token}.xlsx"
    # Created 0600 before a byte is written, whatever the umask.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    write_error_workbook(result, str(path))
    os.chmod(path, 0o600)
    return token


def stored_error_workbook(token: str) -> Path | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _directory() / f"{token}.xlsx"
    return path if path.is_file() else None
