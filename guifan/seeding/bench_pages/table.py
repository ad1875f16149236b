"""Plain-text columns for the figures (CJK characters take two columns)."""

from __future__ import annotations

import unicodedata

from django.utils.translation import pgettext_lazy

COLUMNS = {  # with a context: short words like "page" or "total" mean something else in other apps' catalogues
    "page": pgettext_lazy("bench column", "page"),
    "as": pgettext_lazy("bench column", "as"),
    "median ms": pgettext_lazy("bench column", "median ms"),
    "best ms": pgettext_lazy("bench column", "best ms"),
    "queries": pgettext_lazy("bench column", "queries"),
    "SQL ms": pgettext_lazy("bench column", "SQL ms"),
    "KB": pgettext_lazy("bench column", "KB"),
    "ms": pgettext_lazy("bench column", "ms"),
    "URL": pgettext_lazy("bench column", "URL"),
    "requests": pgettext_lazy("bench column", "requests"),
    "req/s": pgettext_lazy("bench column", "req/s"),
    "p50 ms": pgettext_lazy("bench column", "p50 ms"),
    "p95 ms": pgettext_lazy("bench column", "p95 ms"),
    "p99 ms": pgettext_lazy("bench column", "p99 ms"),
    "errors": pgettext_lazy("bench column", "errors"),
    "total": pgettext_lazy("bench column", "total"),
}


def columns(*keys: str) -> list[str]:
    return [str(COLUMNS[key]) for key in keys]


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list[str]], *, right=()) -> list[str]:
    """Lines of aligned columns; the columns whose index is in `right` (the figures) are right-aligned."""
    right = set(right)
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [(" " * (w - width(c)) + c) if i in right else (c + " " * (w - width(c)))
                  for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(padded).rstrip())
    return lines
