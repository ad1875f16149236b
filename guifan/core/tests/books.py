"""A domain the spreadsheet library has never heard of, declared here only: books put on shelves. Its bulk action
keeps what it writes in `SHELF`; `urlpatterns` adds a view configured by its class attribute."""

import datetime as dt

from django.urls import path

from guifan.core.spreadsheets.cells import CellError
from guifan.core.spreadsheets.checks import duplicates_in_file
from guifan.core.spreadsheets.columns import Column
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.views import BulkImportView
from guifan.urls import urlpatterns as site_urls

SHELVES = [("S-01", "Poetry"), ("S-02", "History")]
FORMATS = [("hard", "Hardback"), ("paper", "Paperback")]
LANGUAGES = ("Chinese", "English")
SHELF: list[dict] = []


def _language(text: str) -> str:
    if text not in LANGUAGES:
        raise CellError("Not a language of the list.")
    return text


COLUMNS = (
    Column("isbn", "ISBN", "code", required=True, width=16),
    Column("title", "Title", "text", required=True, help="As on the cover."),
    Column("shelf", "Shelf", "code", required=True, reference="shelves", listed=True),
    Column("format", "Format", "choice", choices=lambda: FORMATS, aliases={"pb": "paper"}),
    Column("language", "Language", "text", options=lambda: LANGUAGES, clean=_language),
    Column("pages", "Pages", "count"),
    Column("published", "Published", "date"),
)


def check(rows, errors, *, scope, today=None):
    duplicates_in_file(rows, "isbn", errors, "This ISBN is already in row %(row)s.")
    codes = {code for code, _name in SHELVES}
    for number, data in rows:
        if data.get("shelf") and data["shelf"] not in codes:
            errors.add(number, "shelf", "No such shelf.")
        if data.get("published") and data["published"] > (today or dt.date.today()):
            errors.add(number, "published", "Not published yet.")
    return [data for _number, data in rows]


def save(books, *, user):
    SHELF.extend(books)
    return Written(len(books), (f"{len(books)} books shelved.",))


def export_rows(books):
    return ["ISBN", "Title", "Pages", "Published"], {0}, [
        (b["isbn"], b["title"], b.get("pages"), b.get("published")) for b in books]


BOOKS = Sheet(
    kind="books", name="Books", title="Book list", columns=COLUMNS, check=check, save=save,
    references=lambda scope: {"shelves": (["Shelf code", "Shelf name"], SHELVES)}, notes=("Books only.",),
    queryset=lambda scope: SHELF, export_rows=export_rows,
)

urlpatterns = [path("books/import/", BulkImportView.as_view(sheet=BOOKS), name="books_import"), *site_urls]
