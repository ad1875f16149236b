"""The one xlsx writer (XlsxWriter): import templates (a protected data sheet with drop-downs and cell formats,
instructions, the codes the user may use, the options of coded columns), exported lists (row by row in constant
memory, so that a quarter of a million rows export in bounded memory) and the cell values of error workbooks."""

import csv
import datetime as dt
import io
import os
import tempfile
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from .columns import DATE_FORMAT, Column
from .registry import Sheet

LAST_VALIDATED_ROW = 100_000
HEADER = {"bold": True, "bg_color": "#DDEBF7"}
REQUIRED_COLOUR = "#C00000"
# What a user may still do on a protected sheet (the data cells themselves are unlocked).
ALLOWED_ON_PROTECTED = {"format_cells": True, "format_columns": True, "format_rows": True, "insert_rows": True,
                        "delete_rows": True, "sort": True, "autofilter": True}


def write_value(ws, row: int, col: int, value, fmt=None) -> None:
    """A cell of the type of its value; empty values leave a blank (formatted) cell."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, dt.datetime | dt.date):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _range(title: str, column: int, last_row: int) -> str:
    letter = xlsxwriter.utility.xl_col_to_name(column)
    return "='{}'!${}$2:${}${}".format(title.replace("'", "''"), letter, letter, last_row)


# --- templates -------------------------------------------------------------------------------------------------------

def _notes(sheet: Sheet) -> list[str]:
    notes = [
        _("Fill in the first sheet from row 3; do not change rows 1 and 2 (row 1 holds hidden column keys)."),
        _("Columns with red headers are required. Choose coded values from the drop-down lists."),
        _("Dates: a date cell or text such as 2024-07-01. ID numbers, phones and codes are text cells: "
          "keep them as text so that Excel keeps every digit."),
        _("The file is checked as a whole: if any row has an error nothing is written, and you receive the file back "
          "with the errors marked."),
        *sheet.notes,
    ]
    return [str(n) for n in notes]


def _allowed_text(column: Column) -> str:
    if column.is_coded:
        return "、".join(column.labels())
    if column.is_date:
        return str(_("Date, e.g. 2024-07-01"))
    if column.kind == "count":
        return str(_("Whole number"))
    if column.reference:
        return str(_("A code from the codes sheet"))
    return str(_("Text"))


def _write_instructions(wb, ws, sheet: Sheet) -> None:
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    header = wb.add_format({**HEADER, "text_wrap": True, "valign": "top"})
    ws.write_string(0, 0, str(_("How to fill in this template")), wb.add_format({"bold": True, "font_size": 14}))
    row = 1
    for note in _notes(sheet):
        ws.write_string(row, 0, note, wrap)
        row += 1
    row += 1
    ws.write_row(row, 0, [str(_("Column")), str(_("Required")), str(_("Allowed values or format")), str(_("Notes"))],
                 header)
    for column in sheet.columns:
        row += 1
        ws.write_row(row, 0, [str(column.header), str(_("Yes") if column.required else _("No")),
                              _allowed_text(column), str(column.help)], wrap)
    for index, width in enumerate((24, 8, 60, 60)):
        ws.set_column(index, index, width)
    ws.protect()


def _write_codes(wb, ws, sheet: Sheet, scope) -> dict[str, str]:
    """The code lists the reference columns offer, side by side; returns {list name: drop-down source}."""
    lists = sheet.references(scope) if sheet.references else {}
    bold, text = wb.add_format({"bold": True}), wb.add_format({"num_format": "@"})
    formulas, first = {}, 0
    for name in dict.fromkeys(c.reference for c in sheet.columns if c.reference):
        headers, rows = lists[name]
        for offset, header in enumerate(headers):
            ws.write_string(0, first + offset, str(header), bold)
            ws.set_column(first + offset, first + offset, 30 if offset == 1 else 16)
        for number, values in enumerate(rows, start=1):
            for offset, value in enumerate(values):
                write_value(ws, number, first + offset, value, text)
        if rows:
            formulas[name] = _range(ws.name, first, len(rows) + 1)
        first += len(headers) + 1
    ws.freeze_panes(1, 0)
    ws.protect()
    return formulas


def _write_options(wb, ws, columns) -> dict[str, str]:
    """A hidden sheet with one column per coded field; the drop-downs point at it (inline lists are capped)."""
    bold, formulas = wb.add_format({"bold": True}), {}
    for index, column in enumerate(c for c in columns if c.is_coded):
        ws.write_string(0, index, str(column.header), bold)
        labels = column.labels()
        for row, label in enumerate(labels, start=1):
            ws.write_string(row, index, label)
        formulas[column.key] = _range(ws.name, index, len(labels) + 1)
    ws.hide()
    ws.protect()
    return formulas


def _validation(column: Column, formula: str | None) -> dict | None:
    if formula:
        return {"validate": "list", "source": formula, "ignore_blank": True,
                "show_error": column.is_coded or column.listed, "error_title": str(_("Not allowed")),
                "error_message": str(_("Choose a value from the list."))}
    if column.is_date:
        return {"validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1), "ignore_blank": True,
                "show_error": True, "error_title": str(_("Not a date")),
                "error_message": str(_("Enter a date such as 2024-07-01."))}
    return None


def _write_data(wb, ws, columns, formulas: dict[str, str]) -> None:
    header_style = {**HEADER, "align": "center", "valign": "vcenter", "text_wrap": True}
    header, required = wb.add_format(header_style), wb.add_format({**header_style, "font_color": REQUIRED_COLOUR})
    key = wb.add_format({"locked": True})
    cell_formats = {"text": wb.add_format({"locked": False, "num_format": "@"}),
                    "date": wb.add_format({"locked": False, "num_format": DATE_FORMAT}),
                    "other": wb.add_format({"locked": False})}
    for index, column in enumerate(columns):
        style = "text" if column.is_text else "date" if column.is_date else "other"
        ws.set_column(index, index, column.width, cell_formats[style])
        ws.write_string(0, index, column.key, key)
        ws.write_string(1, index, str(column.header), required if column.required else header)
        rule = _validation(column, formulas.get(column.key) or formulas.get(column.reference))
        if rule:
            ws.data_validation(2, index, LAST_VALIDATED_ROW - 1, index, rule)
    ws.set_row(0, None, None, {"hidden": True})
    ws.set_row(1, 30)
    ws.freeze_panes(2, 0)
    ws.protect("", ALLOWED_ON_PROTECTED)


def build_template(sheet: Sheet, scope) -> bytes:
    """Data sheet, instructions, codes (the reference lists of the user's scope) and the hidden options."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    data = wb.add_worksheet(str(sheet.title))
    instructions = wb.add_worksheet(str(_("Instructions")))
    codes = wb.add_worksheet(str(_("Codes"))) if any(c.reference for c in sheet.columns) else None
    options = wb.add_worksheet(str(_("Options"))) if any(c.is_coded for c in sheet.columns) else None
    _write_instructions(wb, instructions, sheet)
    formulas = _write_codes(wb, codes, sheet, scope) if codes else {}
    formulas.update(_write_options(wb, options, sheet.columns) if options else {})
    _write_data(wb, data, sheet.columns, formulas)
    wb.close()
    return buffer.getvalue()


PROGRESS_ROWS = 1000


# --- exported lists --------------------------------------------------------------------------------------------------

def write_list(target, title: str, headers: list[str], text_columns: set[int], rows, progress=None) -> int:
    """A list to target (path or binary file), a header row then `rows`; returns the number of rows. `progress(n)`,
    when given, hears every PROGRESS_ROWS rows how many were written."""
    wb = xlsxwriter.Workbook(target, {"constant_memory": True})
    bold = wb.add_format(HEADER)
    date_format, text_format = wb.add_format({"num_format": DATE_FORMAT}), wb.add_format({"num_format": "@"})
    ws = wb.add_worksheet(title)
    ws.write_row(0, 0, headers, bold)
    for index in range(len(headers)):
        ws.set_column(index, index, 22 if index in text_columns else 14,
                      text_format if index in text_columns else None)
    ws.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        if progress is not None and count % PROGRESS_ROWS == 0:
            progress(count)
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(count, col, value, date_format)
            elif isinstance(value, int | Decimal):
                ws.write_number(count, col, value)
            else:
                ws.write_string(count, col, value)
    if count:
        ws.autofilter(0, 0, count, len(headers) - 1)
    wb.close()
    return count


# A text cell starting with one of these is a formula to a spreadsheet opening the CSV: written after a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A CSV cell: dates as YYYY-MM-DD, numbers as they are, text that a spreadsheet would run as a formula
    neutralised with a leading apostrophe (OWASP's CSV injection advice)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(target, headers: list[str], rows, progress=None) -> int:
    """A list as CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese) to target (path or binary
    file); returns the number of rows."""
    handle = open(target, "wb") if isinstance(target, str | os.PathLike) else target
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        out = csv.writer(text)
        out.writerow([csv_cell(h) for h in headers])
        count = 0
        for count, row in enumerate(rows, start=1):
            if progress is not None and count % PROGRESS_ROWS == 0:
                progress(count)
            out.writerow([csv_cell(v) for v in row])
        text.flush()
    finally:
        text.detach()
        if handle is not target:
            handle.close()
    return count


EXPORT_FORMATS = ("xlsx", "csv")


def write_export(sheet: Sheet, queryset, target, progress=None, fmt: str = "xlsx") -> int:
    headers, text_columns, rows = sheet.export_rows(queryset)
    if fmt == "csv":
        return write_csv(target, headers, rows, progress)
    return write_list(target, str(sheet.title), headers, text_columns, rows, progress)


def export_file(sheet: Sheet, queryset, fmt: str = "xlsx"):
    """A temporary file (deleted when closed) holding the sheet's export, positioned at its start."""
    handle = tempfile.TemporaryFile(suffix=f".{fmt}")
    write_export(sheet, queryset, handle, fmt=fmt)
    handle.seek(0)
    return handle
