"""The tile grid of a city's counties and districts (no map data needed): positions by region code from
data/guilin-tiles.csv, read once."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

TILES = Path(__file__).parent / "data" / "guilin-tiles.csv"


@cache
def positions() -> dict[str, tuple[int, int]]:
    with TILES.open(encoding="utf-8") as f:
        return {r["code"]: (int(r["column"]), int(r["row"])) for r in csv.DictReader(f)}


def place(rows: list[dict]) -> list[dict]:
    """The rows with `column` and `row` added; a code not in the grid goes after the last row, left to right."""
    grid = positions()
    last = max((r for _c, r in grid.values()), default=0)
    spare = 0
    placed = []
    for row in rows:
        at = grid.get(row["code"])
        if at is None:
            at = (spare % 4 + 1, last + 1 + spare // 4)
            spare += 1
        placed.append({**row, "column": at[0], "row": at[1]})
    return placed
