"""Importing a workbook into the register: everything is checked first, every error is collected, and only a file
without a single error is written, in one transaction, with a change-log row per created object."""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from . import cells, readers
from .columns import Column

CHUNK = 500  # keys per IN (...) query: far below every database's parameter limit


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it
    key: str  # the column key, "" for the whole row
    column: str  # the header in the user's language
    reason: str


@dataclass
class ImportResult:
    kind: str
    sheet: readers.SheetRows | None = None
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    created_units: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.sheet.rows) if self.sheet else 0


class ErrorCollector:
    """The first reason per cell wins: a cell that could not be read is not also reported as empty."""

    def __init__(self, columns: tuple[Column, ...]):
        self.headers = {c.key: str(c.header) for c in columns}
        self._errors: dict[tuple[int, str], str] = {}

    def add(self, row: int, key: str, reason) -> None:
        if isinstance(reason, list | tuple):
            reason = " ".join(str(r) for r in reason)
        self._errors.setdefault((row, key), str(reason))

    def add_all(self, row: int, errors: dict) -> None:
        for key, reason in errors.items():
            self.add(row, key if key in self.headers else "", reason)

    def has(self, row: int, key: str) -> bool:
        return (row, key) in self._errors

    def __bool__(self) -> bool:
        return bool(self._errors)

    def as_list(self) -> list[RowError]:
        order = {key: i for i, key in enumerate(self.headers)}
        return [
            RowError(row, key, self.headers.get(key, ""), reason)
            for (row, key), reason in sorted(self._errors.items(), key=lambda e: (e[0][0], order.get(e[0][1], -1)))
        ]


def parse_rows(sheet: readers.SheetRows, errors: ErrorCollector) -> list[tuple[int, dict]]:
    """Each row as {key: value}; a cell that cannot be read is left out of the row and reported."""
    lookups = {c.key: c.lookup() for c in sheet.columns if c.kind == "choice"}
    parsed = []
    for number, values in sheet.rows:
        data = {}
        for column, raw in zip(sheet.columns, values, strict=True):
            try:
                data[column.key] = column.parse(raw, lookups.get(column.key))
            except cells.CellError as exc:
                errors.add(number, column.key, str(exc))
                continue
            if column.required and data[column.key] in (None, ""):
                errors.add(number, column.key, _("This field is required."))
        parsed.append((number, data))
    return parsed


def duplicates_in_file(rows, key: str, errors: ErrorCollector, message: str) -> dict:
    """{value: first row}; later rows holding the same value are reported with the first row's number."""
    first_row = {}
    for number, data in rows:
        value = data.get(key)
        if not value:
            continue
        if value in first_row:
            errors.add(number, key, message % {"row": first_row[value]})
        else:
            first_row[value] = number
    return first_row


def in_chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def fetch_by(queryset, field_name: str, values) -> dict:
    """{value: object} for the objects of the queryset whose field is one of the values."""
    found = {}
    for chunk in in_chunks({v for v in values if v}):
        for obj in queryset.filter(**{f"{field_name}__in": chunk}):
            found[getattr(obj, field_name)] = obj
    return found


def assign_pks(objects, model, key_field: str) -> None:
    """After bulk_create: databases that cannot return ids (MySQL) get them by a unique key."""
    if connection.features.can_return_rows_from_bulk_insert or all(o.pk for o in objects):
        return
    ids = {}
    for chunk in in_chunks(getattr(o, key_field) for o in objects):
        ids.update(model.objects.filter(**{f"{key_field}__in": chunk}).values_list(key_field, "pk"))
    for obj in objects:
        obj.pk = ids[getattr(obj, key_field)]


def changed_underfoot_message() -> str:
    return _("The register changed while the file was being imported (another user added the same record). "
             "Nothing was written; import the file again.")


def import_workbook(upload, kind: str, *, scope, user, today=None) -> ImportResult:
    """Checks and reads the upload, then runs the importer of the kind; raises readers.UploadError."""
    from .import_members import import_members
    from .import_organisations import import_organisations

    readers.check_upload(upload)
    sheet = readers.read_sheet(upload, kind)
    if not sheet.rows:
        raise readers.UploadError(_("The first sheet has no data rows."))
    run = import_members if kind == "members" else import_organisations
    return run(sheet, scope=scope, user=user, today=today)
