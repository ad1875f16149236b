"""A column of a data sheet: one declaration used by the template, the reader, the checks, the error workbook and
the export, so that a header, its key and its rules cannot drift apart.

Row 1 of a data sheet holds each column's key (hidden), row 2 the header in the user's language, data from row 3.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from . import cells

KEY_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3

# Kinds read as text and written with the text format (@), so that Excel keeps leading zeros and every digit.
TEXT_KINDS = {"text", "id_number", "phone", "code"}
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise | str  # declare it with pgettext_lazy("column", ...) so that other apps' words do not leak in
    kind: str  # text, id_number, phone, code, date, count, choice (or any kind a reader of its own parses)
    required: bool = False
    help: Promise | str = ""
    choices: Callable[[], list[tuple[str, Promise]]] | None = None  # (stored value, label) of a choice column
    aliases: dict[str, str] = field(default_factory=dict)  # other accepted spellings -> stored value
    options: Callable[[], list[str]] | None = None  # a fixed drop-down list for a text column (see `clean`)
    clean: Callable[[str], Any] | None = None  # a text cell's value from its text; raises cells.CellError
    reference: str = ""  # the code list (on the codes sheet) its drop-down offers: a key of Sheet.references
    listed: bool = False  # the drop-down of a reference column refuses codes not in the list
    width: int = 14
    # Personal data (an ID number, a phone, a birth date): the error workbook kept on disk holds it masked only.
    sensitive: bool = False

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def is_date(self) -> bool:
        return self.kind == "date"

    @property
    def is_coded(self) -> bool:
        """Its values come from a fixed list (a drop-down on the options sheet)."""
        return bool(self.choices or self.options)

    def labels(self) -> list[str]:
        """The drop-down values in the active language."""
        if self.options:
            return [str(label) for label in self.options()]
        return [str(label) for _value, label in self.choices()] if self.choices else []

    def lookup(self) -> dict[str, str]:
        """Every accepted spelling (labels in each language, stored values, aliases), case-folded."""
        found = {alias.casefold(): value for alias, value in self.aliases.items()}
        for value, label in self.choices() if self.choices else []:
            found[value.casefold()] = value
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    found[str(label).casefold()] = value
        return found

    def parse(self, value, lookup: dict[str, str] | None = None):
        """The value of a cell; raises cells.CellError."""
        if self.kind == "date":
            return cells.to_date(value)
        if self.kind == "count":
            return cells.to_count(value)
        if self.kind == "id_number":
            return cells.to_id_number(value)
        if self.kind == "choice":
            return cells.to_choice(value, lookup if lookup is not None else self.lookup())
        text = cells.to_text(value)
        return self.clean(text) if self.clean and text else text


def header_of(columns, key: str) -> str:
    """The header of the column `key`, in the active language."""
    return str(next(c.header for c in columns if c.key == key))


def allowed(choices) -> Callable[[], list]:
    """`Column.choices` from a model's choices."""
    return lambda: list(choices)
