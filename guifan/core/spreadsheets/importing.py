"""Importing a workbook: everything is checked first and every error is collected; only a file without a single
error is handed to the sheet's bulk action, which writes it all or nothing with its change log."""

from django.db import IntegrityError
from django.utils.translation import gettext as _

from . import readers
from .checks import changed_underfoot_message, parse_rows
from .registry import Sheet
from .results import ErrorCollector, ImportResult


def import_rows(sheet: Sheet, rows: readers.SheetRows, *, scope, user, today=None) -> ImportResult:
    result = ImportResult(kind=sheet.kind, sheet=rows, title=str(sheet.title))
    errors = ErrorCollector(rows.columns)
    checked = sheet.check(parse_rows(rows, errors), errors, scope=scope, today=today)
    if errors:
        result.errors = errors.as_list()
        return result
    try:
        written = sheet.save(checked, user=user)
    except IntegrityError:
        collector = ErrorCollector(rows.columns)
        collector.add(rows.rows[0][0], "", changed_underfoot_message())
        result.errors = collector.as_list()
        return result
    result.created, result.notes = written.created, list(written.notes)
    return result


def read_upload(upload, sheet: Sheet) -> readers.SheetRows:
    """Checks the upload (format, size, zip bomb) and reads its first sheet; raises readers.UploadError."""
    readers.check_upload(upload)
    rows = readers.read_sheet(upload, sheet.columns, kind=sheet.kind)
    if not rows.rows:
        raise readers.UploadError(_("The first sheet has no data rows."))
    return rows


def import_workbook(upload, sheet: Sheet, *, scope, user, today=None) -> ImportResult:
    """Reads the upload and imports it; raises readers.UploadError when the file as a whole is refused."""
    return import_rows(sheet, read_upload(upload, sheet), scope=scope, user=user, today=today)
