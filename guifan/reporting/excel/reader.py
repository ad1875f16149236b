"""Reading a filled-in facts workbook: the upload checks of the register import (size, zip bomb), the hidden
metadata sheet, the data sheet by its hidden keys (python-calamine), and the cells holding formulas."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from guifan.core.spreadsheets.readers import UploadError, check_upload

from . import layout

_FIRST_SHEET = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]+)"')
_RELATIONSHIP = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATIONSHIP_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_ANY_FORMULA = re.compile(rb"<f[ >/]")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*>(?:<v>[^<]*</v>)?<f[ >/]')


@dataclass
class FactsSheet:
    meta: dict
    keys: list[str]  # row 1, as found
    rows: list[tuple[int, list]]  # (row number as Excel shows it, raw values in the order of keys)
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row number, zero-based column) holding a formula


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    match = _FIRST_SHEET.search(archive.read("xl/workbook.xml"))
    if not match:
        return None
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _RELATIONSHIP.findall(rels)}
    targets.update({rid: target for target, rid in _RELATIONSHIP_REVERSED.findall(rels)})
    target = targets.get(match.group(1))
    if target is None:
        return None
    target = target.decode()
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def formula_cells(upload) -> set[tuple[int, int]]:
    """(row, zero-based column) of every cell of the first sheet that holds a formula (values must be typed in)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            part = _first_sheet_part(archive)
            data = archive.read(part) if part and part in archive.namelist() else b""
    finally:
        upload.seek(0)
    if not _ANY_FORMULA.search(data):
        return set()
    return {(int(row), column_index_from_string(letters.decode()) - 1)
            for letters, row in _FORMULA_CELL.findall(data)}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_facts_workbook(upload) -> FactsSheet:
    """Raises UploadError for a file that is refused as a whole (not a facts template, damaged, too big)."""
    check_upload(upload)
    formulas = formula_cells(upload)
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        names = workbook.sheet_names
        if layout.META_SHEET not in names:
            raise UploadError(_("This is not a facts template of guifan (it has no metadata sheet). Download the "
                                "template of your region and fill it in."))
        meta_rows = workbook.get_sheet_by_name(layout.META_SHEET).to_python(skip_empty_area=False)
        rows = iter(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))
    except UploadError:
        raise
    except Exception as exc:  # calamine raises CalamineError and plain Python errors for broken parts
        raise UploadError(_("The workbook could not be read: it may be damaged or protected by a password.")) from exc
    meta = {_text(row[0]): _text(row[1]) for row in meta_rows if len(row) >= 2 and _text(row[0])}
    if meta.get("format") != layout.FORMAT or any(key not in meta for key in layout.META_KEYS):
        raise UploadError(_("The metadata of this workbook are missing or damaged. Download a new template."))
    keys = [_text(v) for v in next(rows, [])]
    next(rows, None)  # headers
    if layout.ORG_KEY not in keys:
        raise UploadError(_("The first sheet lacks the hidden row of column keys. Use the template as downloaded."))
    data, formula_rows = [], {row for row, _column in formulas}
    for number, raw in enumerate(rows, start=layout.FIRST_DATA_ROW):
        values = list(raw[:len(keys)]) + [None] * (len(keys) - len(raw))
        if number in formula_rows or any(v is not None and v != "" for v in values):
            data.append((number, values))
    return FactsSheet(meta=meta, keys=keys, rows=data, formulas=formulas)
