"""The sheets of the Excel page. A domain declares its `Sheet` in its own sheets.py and registers it from its
AppConfig.ready; the library's views, template writer and importer only ever see the declaration."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .columns import Column


@dataclass(frozen=True)
class Written:
    """What a domain's bulk action wrote: the rows created and, for the user, anything else it did."""

    created: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    kind: str  # in URLs (/excel/<kind>/template/) and results
    name: Promise | str  # the list, in headings and file names: "Party members"
    title: Promise | str  # the data sheet's name: "Members"
    columns: tuple[Column, ...]
    # check(rows, errors, *, scope, today) -> what save writes. rows are (row number, {key: value}) read by the
    # columns; every problem goes into errors (an ErrorCollector) with its row and column key. Never writes.
    check: Callable[..., Any]
    # save(checked, *, user) -> Written: the domain's bulk action (one transaction, with its change log). Only
    # called when check reported nothing; an IntegrityError means the register changed meanwhile.
    save: Callable[..., Written]
    # references(scope) -> {name: (headers, rows)}: the code lists of the codes sheet, within the user's scope,
    # for the columns whose `reference` names them.
    references: Callable[[Any], dict] | None = None
    notes: tuple[Promise | str, ...] = ()  # the sheet's own lines of the instructions
    queryset: Callable[[Any], Any] | None = None  # queryset(scope): what is exported (None: no export)
    filterset: type | None = None  # a django-filter FilterSet over that queryset: the export's filters
    # export_rows(queryset) -> (headers, indexes of the text columns, iterable of rows): the exported list
    export_rows: Callable[[Any], tuple] | None = None
    order: int = 100  # place on the Excel page

    @property
    def can_export(self) -> bool:
        return self.queryset is not None and self.export_rows is not None


_sheets: dict[str, Sheet] = {}
_titles: dict[str, Promise | str] = {}
# Dotted paths of sheets registered from AppConfig.ready, imported when a sheet is first asked for: a domain's
# sheet pulls in its checks and actions, which every command and worker would otherwise load at start.
_pending: list[str] = []


def register(sheet: Sheet | str) -> Sheet | None:
    """Registers a `Sheet`, or the dotted path of one (imported on first use)."""
    if isinstance(sheet, str):
        if sheet not in _pending:
            _pending.append(sheet)
        return None
    known = _sheets.get(sheet.kind)
    if known is not None and known is not sheet:
        raise ImproperlyConfigured(f"two spreadsheets are registered as {sheet.kind!r}")
    _sheets[sheet.kind] = sheet
    return sheet


def unregister(kind: str) -> None:
    _sheets.pop(kind, None)


def _load_pending() -> None:
    while _pending:
        register(import_string(_pending.pop(0)))


def get(kind: str) -> Sheet | None:
    _load_pending()
    return _sheets.get(kind)


def sheets() -> list[Sheet]:
    _load_pending()
    return sorted(_sheets.values(), key=lambda s: (s.order, s.kind))


def register_title(kind: str, title: Promise | str) -> None:
    """The data sheet's name for results of a workbook an app reads with a reader of its own (the figures), so that
    its error workbook is named as its template."""
    _titles[kind] = title


def title(kind: str) -> str:
    _load_pending()
    sheet = _sheets.get(kind)
    found = sheet.title if sheet is not None else _titles.get(kind)
    return str(found) if found else str(_("Data"))
