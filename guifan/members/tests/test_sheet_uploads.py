"""A member file of the user's own making: its headers must name the required columns; a sheet of headers alone is
read by their text (Chinese or English)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from guifan.accounts.scope import Scope
from guifan.core.spreadsheets import readers
from guifan.core.spreadsheets.importing import import_workbook
from guifan.members.models import Member
from guifan.members.sheets import SHEET

from .sheet_helpers import filled, member_row


def test_refuses_a_sheet_without_the_required_columns(two_counties, users):
    wb = Workbook()
    wb.active.append(["姓名", "备注"])
    wb.active.append(["张三", "x"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(readers.UploadError) as caught:
        import_workbook(SimpleUploadedFile("own.xlsx", buffer.getvalue()), SHEET, scope=Scope(users["county"]),
                        user=users["county"])
    assert str(caught.value).startswith("第一个工作表缺少以下列：性别、")


def test_a_sheet_of_headers_alone_is_read_by_header_text(two_counties, users):
    """A user's own sheet with the Chinese headers in row 1 (no key row): data from row 2."""
    upload = filled(users["county"], [member_row(two_counties["yangshuo"]["branch"], name=None)])
    wb = load_workbook(upload)
    wb.worksheets[0].delete_rows(1)
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_workbook(SimpleUploadedFile("own.xlsx", buffer.getvalue()), SHEET,
                             scope=Scope(users["county"]), user=users["county"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "姓名")]
    assert not Member.objects.filter(name="李明").exists()
