"""Checks every sheet needs: each cell read by its column, values repeated within the file, codes looked up in
chunks. A domain's own checks (in its sheets.py) report into the same ErrorCollector."""

from django.utils.translation import gettext as _

from guifan.core.bulk import in_chunks

from . import cells
from .readers import SheetRows
from .results import ErrorCollector


def parse_rows(sheet: SheetRows, errors: ErrorCollector) -> list[tuple[int, dict]]:
    """Each row as {key: value}; a cell that cannot be read is left out of the row and reported."""
    lookups = {c.key: c.lookup() for c in sheet.columns if c.kind == "choice"}
    parsed = []
    for i, (number, values) in enumerate(sheet.rows):
        if sheet.deadline is not None and i % 1000 == 0:
            sheet.deadline.check()
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
    """{value: first row}; later rows holding the same value are reported with the first row's number
    (`message` % {"row": first row})."""
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


def fetch_by(queryset, field_name: str, values) -> dict:
    """{value: object} for the objects of the queryset whose field is one of the values."""
    found = {}
    for chunk in in_chunks({v for v in values if v}):
        for obj in queryset.filter(**{f"{field_name}__in": chunk}):
            found[getattr(obj, field_name)] = obj
    return found


def changed_underfoot_message() -> str:
    return _("The register changed while the file was being imported (another user added the same record). "
             "Nothing was written; import the file again.")
