"""Verdicts out: JSON (one object per organisation, not-applicable criteria left out) or XLSX sheets."""

from __future__ import annotations

import json

import polars as pl

from guifan.assessment.engine.verdicts import NOT_APPLICABLE, VERDICTS

XLSX_MAX_ROWS = 1_048_575


def long_results(pack, organisations: pl.DataFrame) -> pl.DataFrame:
    """One row per (organisation, applicable criterion): verdict, actual, threshold, gap."""
    parts = []
    for c in pack.organisation_criteria:
        parts.append(organisations.lazy().filter(pl.col(f"{c.id}|v") != NOT_APPLICABLE).select(
            pl.col("id"), pl.lit(c.id).alias("criterion"), pl.lit("/".join(c.spec)).alias("spec"),
            pl.lit(c.pillar).alias("pillar"),
            pl.col(f"{c.id}|v").replace_strict(list(range(4)), list(VERDICTS), return_dtype=pl.String).alias("verdict"),
            pl.col(f"{c.id}|a").alias("actual"), pl.col(f"{c.id}|t").alias("threshold"),
            pl.col(f"{c.id}|g").alias("gap"),
        ))
    return pl.concat(pl.collect_all(parts)) if parts else pl.DataFrame()


def summary(pack, organisations: pl.DataFrame) -> pl.DataFrame:
    scores = [f"score_{p}" for p in pack.pillars]
    return organisations.select("id", *scores, "total", "stars", "rectification")


def to_json(pack, assessment) -> str:
    results = long_results(pack, assessment.organisations)
    by_org: dict[str, list] = {}
    for row in results.iter_rows(named=True):
        by_org.setdefault(row.pop("id"), []).append(row)
    organisations = []
    for row in summary(pack, assessment.organisations).iter_rows(named=True):
        organisations.append({
            "id": row["id"], "total": row["total"], "stars": row["stars"], "rectification": row["rectification"],
            "pillars": {p: row[f"score_{p}"] for p in pack.pillars}, "results": by_org.get(row["id"], []),
        })
    return json.dumps({"pack": pack.id, "version": pack.version, "checksum": pack.checksum,
                       "organisations": organisations, "regions": assessment.regions.to_dicts()},
                      ensure_ascii=False, indent=1)


def to_xlsx(pack, assessment, path: str) -> None:
    from openpyxl import Workbook

    results = long_results(pack, assessment.organisations)
    if results.height > XLSX_MAX_ROWS:
        raise ValueError(f"{results.height:,} results do not fit in one sheet; use --format json")
    workbook = Workbook(write_only=True)
    for title, frame in (("scores", summary(pack, assessment.organisations)), ("results", results),
                         ("regions", assessment.regions)):
        sheet = workbook.create_sheet(title)
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
    workbook.save(path)
