"""Filling templates as a user would (openpyxl), and reading results back."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.spreadsheets.columns import FIRST_DATA_ROW, KEY_ROW
from guifan.spreadsheets.import_templates import build_template


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


def filled(kind: str, user, rows: list[dict]) -> SimpleUploadedFile:
    return upload(fill(build_template(kind, Scope(user)), rows))


def member_row(org, **fields) -> dict:
    birth = fields.pop("birth_date", dt.date(1985, 3, 9))
    row = {
        "name": "李明", "gender": "男", "ethnicity": "壮族", "birth_date": birth,
        "id_number": t.id_number(org.region.code[:6], birth, True), "phone": "13907731234",
        "education": "", "joined_on": dt.date(2010, 7, 1), "category": "正式", "status": "",
        "organisation": org.code,
    }
    row.update(fields)
    return row


def read(content: bytes):
    return load_workbook(io.BytesIO(content))
