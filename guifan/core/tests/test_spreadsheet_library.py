"""The spreadsheet library serves a domain it does not know (tests/books.py, declared in the tests only): template,
import with every error named by row and column, error workbook, export, and the generic views."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import Workbook

from guifan.core.spreadsheets import registry
from guifan.core.spreadsheets.errors_workbook import write_error_workbook
from guifan.core.spreadsheets.importing import import_workbook
from guifan.core.spreadsheets.registry import Sheet
from guifan.core.spreadsheets.testing import fill, filled, read, upload
from guifan.core.spreadsheets.writer import build_template

from . import books
from .books import BOOKS, SHELF

GOOD = [{"isbn": "9787020002207", "title": "唐诗三百首", "shelf": "S-01", "format": "Paperback", "language": "Chinese",
         "pages": 420, "published": dt.date(1998, 5, 1)},
        {"isbn": "9787101003048", "title": "史记", "shelf": "S-02", "format": "pb", "published": "2012年3月9日"}]


@pytest.fixture(autouse=True)
def empty_shelf():
    SHELF.clear()
    yield
    SHELF.clear()


@pytest.fixture
def registered():
    registry.register(BOOKS)
    yield BOOKS
    registry.unregister(BOOKS.kind)


def run(rows, today=None):
    return import_workbook(filled(BOOKS, None, rows), BOOKS, scope=None, user=None, today=today)


def _validations(ws):
    return {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}


def test_template_of_an_unknown_domain():
    wb = read(build_template(BOOKS, scope=None))
    data = wb.worksheets[0]
    assert data.title == "Book list" and wb.sheetnames[1:3] == ["填写说明", "代码表"]
    assert [c.value for c in data[1]] == [c.key for c in BOOKS.columns] and data.row_dimensions[1].hidden
    assert [c.value for c in data[2]] == [c.header for c in BOOKS.columns]
    assert data.protection.sheet and data.freeze_panes == "A3"
    assert data.column_dimensions["A"].number_format == "@" and data.column_dimensions["A"].protection.locked is False
    assert data.column_dimensions["G"].number_format == "yyyy-mm-dd"
    found = _validations(data)
    assert found["C3"].formula1.startswith("'代码表'!$A$2:$A$3") and found["C3"].showErrorMessage
    for letter, values in (("D3", ["Hardback", "Paperback"]), ("E3", ["Chinese", "English"])):
        sheet, cells = found[letter].formula1.split("!")
        assert [c.value for row in wb[sheet.strip("'")][cells.replace("$", "")] for c in row] == values
        assert found[letter].showErrorMessage
    assert found["G3"].type == "date" and "A3" not in found
    assert wb["选项"].sheet_state == "hidden"
    assert [c.value for c in wb["代码表"]["A"]] == ["Shelf code", "S-01", "S-02"]
    text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "Books only." in text and "As on the cover." in text and "Hardback、Paperback" in text
    assert all(c.header in text for c in BOOKS.columns)


def test_a_sheet_without_codes_or_options_has_no_such_sheets():
    plain = Sheet(kind="notes", name="Notes", title="Notes", columns=BOOKS.columns[:2], check=books.check,
                  save=books.save)
    assert read(build_template(plain, scope=None)).sheetnames == ["Notes", "填写说明"]


def test_import_hands_checked_rows_to_the_bulk_action():
    result = run(GOOD)
    assert result.ok, result.errors
    assert (result.created, result.notes, result.rows) == (2, ["2 books shelved."], 2)
    first, second = SHELF
    assert (first["format"], first["pages"], first["published"], first["language"]) == (
        "paper", 420, dt.date(1998, 5, 1), "Chinese")
    assert (second["format"], second["pages"], second["published"]) == ("paper", None, dt.date(2012, 3, 9))


def test_one_bad_row_writes_nothing_and_names_row_and_column(tmp_path):
    rows = [*GOOD, dict(GOOD[0], title="", language="Latin", pages="many", shelf="S-09", published="soon"),
            dict(GOOD[1], published=dt.date(2999, 1, 1))]
    result = run(rows, today=dt.date(2024, 1, 1))
    assert result.created == 0 and SHELF == []
    assert [(e.row, e.column) for e in result.errors] == [
        (5, "ISBN"), (5, "Title"), (5, "Shelf"), (5, "Language"), (5, "Pages"), (5, "Published"),
        (6, "ISBN"), (6, "Published")]
    reasons = {(e.row, e.key): e.reason for e in result.errors}
    assert reasons[(5, "isbn")] == "This ISBN is already in row 3." and reasons[(5, "language")] == \
        "Not a language of the list."
    assert reasons[(6, "published")] == "Not published yet."
    path = tmp_path / "errors.xlsx"
    write_error_workbook(result, str(path))
    wb = read(path.read_bytes())
    data, listing = wb.worksheets[0], wb.worksheets[1]
    assert data.title == "Book list" and data.cell(5, 2).value is None
    assert data.cell(5, 5).value == "Latin" and data.cell(5, 5).fill.fgColor.rgb.endswith("FFC7CE")
    assert data.cell(3, 1).fill.fgColor.rgb != "FFFFC7CE" and data.cell(3, 8).value is None
    assert "Language：Not a language of the list." in data.cell(5, 8).value
    assert [c.value for c in listing[2]] == [5, "ISBN", "This ISBN is already in row 3."]
    assert listing.max_row == 9


def test_a_users_own_sheet_is_read_by_its_headers():
    wb = Workbook()
    wb.active.append(["Title", "Shelf*", "ISBN", "Remarks"])
    wb.active.append(["诗经", "S-01", "9787101003000", "x"])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_workbook(upload(buffer.getvalue()), BOOKS, scope=None, user=None)
    assert result.ok and SHELF == [{"isbn": "9787101003000", "title": "诗经", "shelf": "S-01", "format": "",
                                    "language": "", "pages": None, "published": None}]


def test_a_register_changed_underfoot_is_reported_on_the_first_row():
    def clash(rows, *, user):
        raise IntegrityError("duplicate key")

    sheet = Sheet(**{**BOOKS.__dict__, "save": clash})
    result = import_workbook(filled(sheet, None, GOOD), sheet, scope=None, user=None)
    (error,) = result.errors
    assert (error.row, error.column) == (3, "") and "请重新导入" in error.reason


def test_registry_refuses_a_second_sheet_of_the_same_kind(registered):
    assert registry.get("books") is BOOKS and BOOKS in registry.sheets()
    with pytest.raises(ImproperlyConfigured):
        registry.register(Sheet(**{**BOOKS.__dict__, "name": "Other books"}))
    assert registry.title("books") == "Book list"


def test_generic_views_serve_a_registered_sheet(client, users, registered):
    client.force_login(users["county"])
    page = client.get(reverse("spreadsheets:index")).content.decode()
    for name in ("template", "import", "export"):
        assert reverse(f"spreadsheets:{name}", args=["books"]) in page
    template = b"".join(client.get(reverse("spreadsheets:template", args=["books"])).streaming_content)
    assert read(template).worksheets[0]["A2"].value == "ISBN"

    url = reverse("spreadsheets:import", args=["books"])
    response = client.post(url, {"file": upload(fill(template, GOOD))})
    assert response.status_code == 200 and "2 books shelved." in response.content.decode() and len(SHELF) == 2

    response = client.post(url, {"file": filled(BOOKS, None, [dict(GOOD[0], shelf="S-09")])})
    assert response.status_code == 400 and "No such shelf." in response.content.decode() and len(SHELF) == 2
    errors = client.get(reverse("spreadsheets:errors", args=[response.context["error_token"]]))
    assert read(b"".join(errors.streaming_content)).worksheets[0].title == "Book list"

    export = read(b"".join(client.get(reverse("spreadsheets:export", args=["books"])).streaming_content))
    assert [[c.value for c in row] for row in export.worksheets[0].iter_rows()][:2] == [
        ["ISBN", "Title", "Pages", "Published"], [GOOD[0]["isbn"], "唐诗三百首", 420, dt.datetime(1998, 5, 1)]]


def test_an_unregistered_kind_is_not_found(client, users):
    client.force_login(users["county"])
    for name in ("template", "import", "export"):
        assert client.get(reverse(f"spreadsheets:{name}", args=["books"])).status_code == 404


@pytest.mark.urls("guifan.core.tests.books")
def test_a_view_configured_by_its_class_attribute(client, users):
    client.force_login(users["county"])
    response = client.post(reverse("books_import"), {"file": filled(BOOKS, None, GOOD)})
    assert response.status_code == 200 and len(SHELF) == 2
    client.force_login(users["member"])  # a role that cannot change anything cannot import
    assert client.get(reverse("books_import")).status_code == 403


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    import datetime as dt
    import io

    from guifan.core.spreadsheets import writer

    assert [writer.csv_cell(v) for v in ("=SUM(A1)", "+86", "-1", "@cmd", "\tx", "王芳", -3, dt.date(2018, 3, 1),
                                         None)] == ["'=SUM(A1)", "'+86", "'-1", "'@cmd", "'\tx", "王芳", "-3",
                                                    "2018-03-01", ""]
    out = io.BytesIO()
    assert writer.write_csv(out, ["姓名", "备注"], [["王芳", "=1+1"], ["李明", ""]]) == 2
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").splitlines() == [
        "姓名,备注", "王芳,'=1+1", "李明,"]
