"""For tests: filling a template as a user would (openpyxl), uploading it and reading workbooks back."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from .columns import FIRST_DATA_ROW, KEY_ROW
from .registry import Sheet
from .writer import build_template


def fill(template: bytes, rows: list[dict]) -> bytes:
    """Writes each row's values under the column whose hidden key matches, from row 3 on."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    columns = {cell.value: cell.column for cell in ws[KEY_ROW] if cell.value}
    for offset, row in enumerate(rows):
        for key, value in row.items():
            ws.cell(FIRST_DATA_ROW + offset, columns[key], value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def filled(sheet: Sheet, scope, rows: list[dict]) -> SimpleUploadedFile:
    """The sheet's template for the scope, filled with rows, as an upload."""
    return upload(fill(build_template(sheet, scope), rows))


def read(content: bytes):
    return load_workbook(io.BytesIO(content))
