"""The workbook a user gets back when an import is refused: their rows at the same row numbers, the bad cells
highlighted, an errors column, and a sheet listing row, column and reason. Kept a day for download."""

import re
import secrets
import time
from collections import defaultdict
from pathlib import Path

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import registry
from .columns import DATE_FORMAT
from .results import ImportResult
from .writer import write_value

KEEP_SECONDS = 24 * 3600
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


def _directory() -> Path:
    path = Path(settings.DATA_DIR) / "import-errors"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old(directory: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for old in directory.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def store_error_workbook(result: ImportResult) -> str:
    """Writes the error workbook to the data directory; returns the token that names it."""
    directory = _directory()
    _forget_old(directory)
    token = secrets.token_urlsafe(24)
    write_error_workbook(result, str(directory / f"{token}.xlsx"))
    return token


def stored_error_workbook(token: str) -> Path | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _directory() / f"{token}.xlsx"
    return path if path.is_file() else None
