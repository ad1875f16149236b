"""A workbook is refused as a whole, with a message saying why, before anything of it is read."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from guifan.core.spreadsheets import readers
from guifan.core.spreadsheets.importing import import_workbook

from .books import BOOKS


def attempt(upload):
    with pytest.raises(readers.UploadError) as caught:
        import_workbook(upload, BOOKS, scope=None, user=None)
    return str(caught.value)


def test_refuses_other_formats():
    assert ".xlsx" in attempt(SimpleUploadedFile("books.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100))
    csv = SimpleUploadedFile("books.xlsx", b"ISBN,Title\n1,x\n")
    assert attempt(csv) == "该文件不是有效的 .xlsx 工作簿（可能是旧版 .xls、CSV 文件或已加密）。"


def test_refuses_files_over_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 1000
    assert "每次最多导入" in attempt(SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * 2000))


def test_refuses_a_zip_bomb_before_reading_it(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < settings.IMPORT_MAX_BYTES
    assert attempt(SimpleUploadedFile("bomb.xlsx", content)) == "该工作簿解压后数据量过大，无法安全读取，已拒绝导入。"


def _workbook(*rows) -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("own.xlsx", buffer.getvalue())


def test_refuses_a_sheet_without_the_required_columns():
    assert attempt(_workbook(["ISBN", "Remarks"], ["1", "x"])).startswith("第一个工作表缺少以下列：Title、Shelf")


def test_refuses_a_sheet_without_data_rows():
    assert attempt(_workbook(["ISBN", "Title", "Shelf"])) == "第一个工作表中没有数据行。"
