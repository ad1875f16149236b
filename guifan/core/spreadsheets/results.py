"""What an import reports: every error with its row (as Excel numbers it), column and reason."""

from dataclasses import dataclass, field

from .columns import Column
from .readers import SheetRows


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it
    key: str  # the column key, "" for the whole row
    column: str  # the header in the user's language
    reason: str


@dataclass
class ImportResult:
    kind: str
    sheet: SheetRows | None = None
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    notes: list[str] = field(default_factory=list)  # what the bulk action also did, for the user
    title: str = ""  # the data sheet's name (for the error workbook); empty: registry.title(kind)

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
        """{field: message} of a domain's validation; a field that is not a column is reported on the row."""
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
