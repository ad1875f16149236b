import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guifan.accounts.scope import Scope
from guifan.members.models import Member
from guifan.spreadsheets import readers
from guifan.spreadsheets.importers import import_workbook

from .helpers import filled, member_row


def attempt(user, upload):
    with pytest.raises(readers.UploadError) as caught:
        import_workbook(upload, "members", scope=Scope(user), user=user)
    return str(caught.value)


def test_refuses_other_formats(users):
    assert ".xlsx" in attempt(users["county"], SimpleUploadedFile("members.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100))
    csv = SimpleUploadedFile("members.xlsx", "姓名,性别\n张三,男\n".encode())
    assert attempt(users["county"], csv) == "该文件不是有效的 .xlsx 工作簿（可能是旧版 .xls、CSV 文件或已加密）。"


def test_refuses_files_over_the_limit(users, settings):
    settings.IMPORT_MAX_BYTES = 1000
    message = attempt(users["county"], SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * 2000))
    assert "每次最多导入" in message


def test_refuses_a_zip_bomb_before_reading_it(users, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < settings.IMPORT_MAX_BYTES
    message = attempt(users["county"], SimpleUploadedFile("bomb.xlsx", content))
    assert message == "该工作簿解压后数据量过大，无法安全读取，已拒绝导入。"


def test_refuses_a_sheet_without_the_required_columns(two_counties, users):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "备注"])
    wb.active.append(["张三", "x"])
    buffer = io.BytesIO()
    wb.save(buffer)
    message = attempt(users["county"], SimpleUploadedFile("own.xlsx", buffer.getvalue()))
    assert message.startswith("第一个工作表缺少以下列：性别、")


def test_a_sheet_of_headers_alone_is_read_by_header_text(two_counties, users):
    """A user's own sheet with the Chinese headers in row 1 (no key row): data from row 2."""
    from openpyxl import load_workbook

    upload = filled("members", users["county"], [member_row(two_counties["yangshuo"]["branch"], name=None)])
    wb = load_workbook(upload)
    wb.worksheets[0].delete_rows(1)
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_workbook(SimpleUploadedFile("own.xlsx", buffer.getvalue()), "members",
                             scope=Scope(users["county"]), user=users["county"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "姓名")]
    assert not Member.objects.filter(name="李明").exists()
