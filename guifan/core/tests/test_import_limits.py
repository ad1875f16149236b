"""A workbook over the row cap is refused before its rows are read or checked, one that takes too long is stopped,
and nothing of either is written (GUIFAN_IMPORT_MAX_ROWS, GUIFAN_IMPORT_MAX_SECONDS)."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from guifan.core.spreadsheets import readers
from guifan.core.spreadsheets.importing import import_workbook

from .books import BOOKS, SHELF

HEADERS = ["ISBN", "Title", "Shelf"]


def _books(n: int) -> bytes:
    wb = Workbook()
    wb.active.append(HEADERS)
    for i in range(n):
        wb.active.append([f"978{i:07d}", f"Book {i}", "S-01"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _without_dimension(content: bytes) -> bytes:
    """The same workbook with the sheet's <dimension> element removed (some writers leave it out)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            out.writestr(entry, data)
    return target.getvalue()


def attempt(content: bytes) -> str:
    with pytest.raises(readers.UploadError) as caught:
        import_workbook(SimpleUploadedFile("books.xlsx", content), BOOKS, scope=None, user=None)
    return str(caught.value)


@pytest.fixture(autouse=True)
def low_cap(settings):
    settings.IMPORT_MAX_ROWS = 5
    SHELF.clear()
    yield
    SHELF.clear()


def test_a_sheet_at_the_cap_is_imported():
    result = import_workbook(SimpleUploadedFile("books.xlsx", _books(5)), BOOKS, scope=None, user=None)
    assert result.ok and len(SHELF) == 5


@pytest.mark.parametrize("strip_dimension", [False, True])
def test_a_sheet_over_the_cap_is_refused_before_any_cell_is_read(monkeypatch, strip_dimension):
    content = _books(30)
    if strip_dimension:
        content = _without_dimension(content)
        assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    def never(*args, **kwargs):
        raise AssertionError("the cells were read")

    monkeypatch.setattr(readers.CalamineWorkbook, "from_filelike", never)
    assert attempt(content) == "该文件的数据超过 5 行；每次最多导入 5 行。请拆分成几个文件。"
    assert SHELF == []


def test_reading_stops_at_the_cap_when_the_row_count_looked_fine():
    """One row over: the count of rows before reading allows for header rows, the reading itself stops at the cap."""
    assert attempt(_books(6)).startswith("该文件的数据超过 5 行")
    assert SHELF == []


def test_the_rows_of_a_sheet_are_counted_from_its_xml():
    assert readers.count_sheet_rows(io.BytesIO(_without_dimension(_books(30))), stop_after=10) == 31
    assert readers.count_sheet_rows(io.BytesIO(_without_dimension(_books(3))), stop_after=10) == 4
    assert readers.count_sheet_rows(io.BytesIO(_books(30)), stop_after=10) == 31  # from <dimension ref="A1:C31">


def test_an_import_past_its_time_is_stopped_and_nothing_written(settings):
    settings.IMPORT_MAX_SECONDS = -1  # already past: no clock is waited for
    assert attempt(_books(3)).startswith("读取和检查该文件的时间超过")
    assert SHELF == []
