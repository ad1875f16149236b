"""Organisations in: JSON, CSV or XLSX records → checked rows (dicts) → the Polars facts frame.

A record: id, domain (R/U/N/A/S), kind (committee/general_branch/branch/group, or empty/"none" for a unit without
an organisation), host_kind, primary (default true), township, county, city, and the facts — nested under "facts"
(JSON) or as one column per fact code (CSV, XLSX). Empty means missing. See docs/standard-pack.md.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import polars as pl

from guifan.assessment.engine.verdicts import ROW_FIELDS
from guifan.core.vocabulary import DOMAINS, LEVELS_BOTTOM_UP
from guifan.standards.values import convert, parse_boolean

KINDS = ("committee", "general_branch", "branch", "group", "none")


class InputError(ValueError):
    """Input the engine cannot judge; the message names the record and the field."""


def fact_dtype(fact) -> pl.DataType:
    return {"boolean": pl.Boolean(), "enum": pl.String(), "date": pl.Date()}.get(fact.type, pl.Float64())


def frame_schema(pack) -> dict:
    schema = {"id": pl.String, "domain": pl.String, "kind": pl.String, "host_kind": pl.String,
              "primary": pl.Boolean, "township": pl.String, "county": pl.String, "city": pl.String}
    schema.update({code: fact_dtype(f) for code, f in pack.facts.items()})
    return schema


def rows_to_frame(pack, rows: list[dict]) -> pl.DataFrame:
    """The facts frame of already-checked rows (missing keys become nulls)."""
    return pl.from_dicts(rows, schema=frame_schema(pack)) if rows else pl.DataFrame(schema=frame_schema(pack))


def read_records(path: str | Path) -> list[dict]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data.get("organisations") if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise InputError("JSON input must be a list of organisations or {\"organisations\": [...]}")
        return records
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    if suffix in (".xlsx", ".xls", ".ods"):
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=True)
        if not sheet:
            return []
        header = [str(h).strip() for h in sheet[0]]
        return [dict(zip(header, row, strict=False)) for row in sheet[1:] if any(c not in ("", None) for c in row)]
    raise InputError(f"unknown input format {suffix!r}: use .json, .csv or .xlsx")


def check_records(pack, records: list[dict]) -> list[dict]:
    """Rows for the engine: every field and fact converted to its type; every problem raised with its record."""
    rows, problems, seen = [], [], set()
    for index, record in enumerate(records, start=1):
        try:
            row = _check_record(pack, record)
            if row["id"] in seen:
                raise InputError(f"duplicate id {row['id']!r}")
            seen.add(row["id"])
            rows.append(row)
        except InputError as exc:
            problems.append(f"record {index}: {exc}")
        if len(problems) >= 20:
            break
    if problems:
        raise InputError("\n".join(problems))
    return rows


def _check_record(pack, record: dict) -> dict:
    if not isinstance(record, dict):
        raise InputError("not an object")
    facts = dict(record.get("facts") or {})
    facts.update({k: v for k, v in record.items() if k not in ROW_FIELDS and k not in ("facts", "name")})
    row = {"id": _text(record.get("id"))}
    if not row["id"]:
        raise InputError("id is missing")
    row["domain"] = _text(record.get("domain"))
    if row["domain"] not in DOMAINS:
        raise InputError(f"{row['id']}: domain {row['domain']!r} is not one of {', '.join(DOMAINS)}")
    row["kind"] = _text(record.get("kind")) or "none"
    if row["kind"] not in KINDS:
        raise InputError(f"{row['id']}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
    row["host_kind"] = _text(record.get("host_kind"))
    primary = record.get("primary")
    row["primary"] = True if primary in (None, "") else parse_boolean(primary)
    for level in LEVELS_BOTTOM_UP:
        row[level] = _text(record.get(level))
    for code, raw in facts.items():
        fact = pack.facts.get(code)
        if fact is None:
            raise InputError(f"{row['id']}: {code!r} is not a fact of pack {pack.id}")
        try:
            row[code] = convert(fact, raw)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{row['id']}: fact {code}: {exc}") from None
    return row


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn codes like 450321 into 450321.0
    text = str(value).strip()
    return text or None
