"""Checking an uploaded workbook before it is opened, then reading its data sheet with python-calamine."""

import re
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from . import cells
from .columns import FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, Column

# An .xlsx is a zip of XML; real sheets compress about 5 to 20 times. These refuse zip bombs before reading.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024


class UploadError(ValueError):
    """The whole file is refused; the message is user-facing."""


def max_rows() -> int:
    """At most this many data rows are imported from one file (GUIFAN_IMPORT_MAX_ROWS)."""
    return int(getattr(settings, "IMPORT_MAX_ROWS", 100_000))


def max_seconds() -> float:
    """Reading and checking one file stops after this long (GUIFAN_IMPORT_MAX_SECONDS)."""
    return float(getattr(settings, "IMPORT_MAX_SECONDS", 300))


def too_many_rows_error() -> UploadError:
    return UploadError(
        _("The file has more than %(limit)s data rows; at most %(limit)s rows can be imported at once. "
          "Split it into several files.") % {"limit": f"{max_rows():,}"})


class Deadline:
    """The time one import may take; `check()` refuses the file once it is past (nothing has been written)."""

    def __init__(self, seconds: float | None = None):
        self.ends = time.monotonic() + (max_seconds() if seconds is None else seconds)

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise UploadError(
                _("Reading and checking the file took longer than %(minutes)s minutes; nothing was imported. "
                  "Split it into several smaller files.") % {"minutes": round(max_seconds() / 60, 1)})


def uncompressed_limit() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 10 * settings.IMPORT_MAX_BYTES)


def check_upload(upload) -> None:
    """Refuses a file that is not an .xlsx, is too big, or would expand too much (zip bomb), before reading it."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(".xlsx"):
        raise UploadError(_("Only Excel workbooks (.xlsx) can be imported; save the file as .xlsx and try again."))
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise UploadError(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported at once. Split it into several files.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(settings.IMPORT_MAX_BYTES / 1048576, 1)}
        )
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise UploadError(_("The file is not a valid .xlsx workbook (it may be an old .xls, a CSV or encrypted)."))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(_("The file is not a valid .xlsx workbook (it may be damaged).")) from exc
    finally:
        upload.seek(0)
    if not any(e.filename == "xl/workbook.xml" for e in entries):
        raise UploadError(_("The file is not a valid .xlsx workbook (it has no workbook part)."))
    total = sum(e.file_size for e in entries)
    suspicious = any(
        e.file_size > RATIO_CHECK_FROM_BYTES and e.file_size > MAX_COMPRESSION_RATIO * max(e.compress_size, 1)
        for e in entries
    )
    if total > uncompressed_limit() or suspicious:
        raise UploadError(_("The workbook would expand to too much data to be read safely; it was refused."))
    check_row_count(upload)


# The header rows a sheet may have above its data (hidden keys and headers).
HEADER_ROWS = FIRST_DATA_ROW - 1
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip entry of the workbook's first worksheet, as calamine reads it (the first <sheet> of workbook.xml)."""
    try:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        sheet = workbook.find("m:sheets/m:sheet", _NS)
        rid = sheet.get(f"{{{_NS['r']}}}id") if sheet is not None else None
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError):
        return None
    for rel in rels.findall("p:Relationship", _NS):
        if rel.get("Id") == rid:
            target = rel.get("Target", "").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return None


def count_sheet_rows(upload, stop_after: int) -> int:
    """The rows of the first worksheet, read from its XML as a stream without parsing the cells: the row number of
    its <dimension> when that already says too many, else the <row> elements, counted a megabyte at a time and no
    further than the first megabyte that takes the count past `stop_after`."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            part = _first_sheet_part(archive)
            if part is None or part not in archive.namelist():
                return 0  # calamine will say what is wrong with the file
            counted, tail = 0, b""
            with archive.open(part) as stream:
                head = stream.read(64 * 1024)
                dimension = _DIMENSION.search(head)
                if dimension and int(dimension.group(1)) > stop_after:
                    return int(dimension.group(1))
                chunk = head
                while chunk:
                    data = tail + chunk
                    counted += len(_ROW.findall(data)) - len(_ROW.findall(tail))
                    if counted > stop_after:
                        return counted
                    tail = data[-64:]
                    chunk = stream.read(1024 * 1024)
            return counted
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
        return 0
    finally:
        upload.seek(0)


def check_row_count(upload) -> None:
    """Refuses a sheet with more rows than may be imported, before any cell is read."""
    if count_sheet_rows(upload, max_rows() + HEADER_ROWS) > max_rows() + HEADER_ROWS:
        raise too_many_rows_error()


@dataclass
class SheetRows:
    """The rows of a data sheet, each cell list in the order of `columns` (None where the file lacks the column)."""

    kind: str
    columns: tuple[Column, ...]
    rows: list[tuple[int, list]]  # (row number as Excel shows it, raw values)
    first_data_row: int
    deadline: "Deadline | None" = None  # when checking the rows must stop (the reading's own deadline)


def _header_lookup(columns) -> dict[str, str]:
    found = {}
    for column in columns:
        found[column.key.casefold()] = column.key
        for language in ("zh-hans", "en"):
            with translation.override(language):
                found[str(column.header).casefold()] = column.key
    return found


def _clean_header(value) -> str:
    return cells.to_text(value).rstrip("*＊ ").casefold() if isinstance(value, str) else ""


def read_sheet(upload, columns: tuple[Column, ...], kind: str = "", deadline: Deadline | None = None) -> SheetRows:
    """The first worksheet: row 1 keys (hidden) and row 2 headers as in the template, or headers alone in row 1.
    Reading stops, and the file is refused, at the row cap or past the deadline."""
    deadline = deadline or Deadline()
    limit = max_rows()
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        sheet = workbook.get_sheet_by_index(0)
        rows = iter(sheet.to_python(skip_empty_area=False))
    except CalamineError as exc:
        raise UploadError(_("The workbook could not be read: it may be damaged or protected by a password.")) from exc
    except Exception as exc:  # calamine raises plain Python errors for some broken parts
        raise UploadError(_("The workbook could not be read: it may be damaged or protected by a password.")) from exc
    keys = {c.key for c in columns}
    first = next(rows, [])
    if any(isinstance(v, str) and v.strip() in keys for v in first):
        positions = {v.strip(): i for i, v in enumerate(first) if isinstance(v, str) and v.strip() in keys}
        next(rows, None)  # the header row
        first_data_row = FIRST_DATA_ROW
    else:
        lookup = _header_lookup(columns)
        positions = {lookup[h]: i for i, h in enumerate(map(_clean_header, first)) if h in lookup}
        first_data_row = HEADER_ROW if first else KEY_ROW
    missing = [str(c.header) for c in columns if c.required and c.key not in positions]
    if missing:
        message = _("The first sheet lacks these columns: %(columns)s. Use the import template.")
        raise UploadError(message % {"columns": "、".join(missing)})
    index = [positions.get(c.key) for c in columns]
    data = []
    for number, raw in enumerate(rows, start=first_data_row):
        values = [raw[i] if i is not None and i < len(raw) else None for i in index]
        if not all(cells.is_blank(v) for v in values):
            if len(data) >= limit:
                raise too_many_rows_error()
            data.append((number, values))
        if number % 1000 == 0:
            deadline.check()
    return SheetRows(kind=kind, columns=columns, rows=data, first_data_row=first_data_row, deadline=deadline)
