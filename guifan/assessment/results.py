"""From the engine's frames to the rows that are stored: pure functions, no database.

`organisation_rows` turns the wide frame of `vectorised.assess` into one dict per organisation (verdicts of the
criteria that apply, as {criterion id: [verdict, actual, threshold, gap]}); `region_rows` counts, per township, county
and city, how many organisations passed and were judged on each criterion (a rate is always sum(passed) /
sum(judged)), the star distribution, rectification candidates, reporting coverage, and the pack's roll-up verdicts.
"""

from __future__ import annotations

import polars as pl

from guifan.assessment.engine.verdicts import NOT_APPLICABLE, NOT_REPORTED, PASS, VERDICTS
from guifan.core.vocabulary import LEVELS_BOTTOM_UP as LEVELS

ORG_PREFIX = "org-"


def _clean(value):
    """Floats as stored: NaN never (the engine nulls it), integers kept as floats; None stays None."""
    return None if value is None else float(value)


def organisation_rows(pack, frame: pl.DataFrame, organisations: pl.DataFrame) -> list[dict]:
    """One dict per organisation row of the frame ("org-<pk>" ids) that at least one criterion judged."""
    ids = frame["id"].to_list()
    totals = organisations["total"].to_list()
    stars = organisations["stars"].to_list()
    rectification = organisations["rectification"].to_list()
    pillars = {p: organisations[f"score_{p}"].to_list() for p in pack.pillars}
    columns = []
    for c in pack.organisation_criteria:
        columns.append((c.id, organisations[f"{c.id}|v"].to_list(), organisations[f"{c.id}|a"].to_list(),
                        organisations[f"{c.id}|t"].to_list(), organisations[f"{c.id}|g"].to_list()))
    rows = []
    for i, row_id in enumerate(ids):
        if totals[i] is None or not str(row_id).startswith(ORG_PREFIX):
            continue
        verdicts = {}
        for cid, v, a, t, g in columns:
            if v[i] != NOT_APPLICABLE:
                verdicts[cid] = [VERDICTS[v[i]], _clean(a[i]), _clean(t[i]), _clean(g[i])]
        rows.append({
            "organisation_id": int(str(row_id)[len(ORG_PREFIX):]), "total": totals[i], "stars": stars[i],
            "rectification": bool(rectification[i]), "pillar_scores": {p: pillars[p][i] for p in pack.pillars},
            "verdicts": verdicts,
        })
    return rows


def _level_aggregations(pack) -> list[pl.Expr]:
    judged_org = pl.col("total").is_not_null()
    aggs = [
        judged_org.sum().alias("organisations"),
        (pl.col("rectification").fill_null(False) & judged_org).sum().alias("rectification"),
        (pl.col("kind") == "none").sum().alias("units_without_organisation"),
    ]
    aggs += [(pl.col("stars") == band["stars"]).sum().alias(f"stars|{band['stars']}") for band in pack.star_bands]
    for c in pack.organisation_criteria:
        v = pl.col(f"{c.id}|v")
        aggs += [(v == PASS).sum().alias(f"{c.id}|p"), (v != NOT_APPLICABLE).sum().alias(f"{c.id}|j"),
                 (v == NOT_REPORTED).sum().alias(f"{c.id}|r")]
    return aggs


def region_rows(pack, frame: pl.DataFrame, organisations: pl.DataFrame, regions: pl.DataFrame) -> list[dict]:
    """One dict per (level, region code) present in the frame."""
    combined = frame.select("kind", *LEVELS).hstack(organisations.drop("id"))
    rollups: dict[tuple[str, str], dict] = {}
    for r in regions.iter_rows(named=True):
        rollups.setdefault((r["level"], r["code"]), {})[r["criterion"]] = [
            r["verdict"], _clean(r["actual"]), _clean(r["threshold"]), _clean(r["gap"]), r["children"], r["missing"]]
    aggs = _level_aggregations(pack)
    out = []
    for level in LEVELS:
        grouped = combined.lazy().filter(pl.col(level).is_not_null()).group_by(level).agg(aggs).sort(level).collect()
        for g in grouped.iter_rows(named=True):
            criteria, judged, not_reported = {}, 0, 0
            for c in pack.organisation_criteria:
                if g[f"{c.id}|j"]:
                    criteria[c.id] = [g[f"{c.id}|p"], g[f"{c.id}|j"]]
                    judged += g[f"{c.id}|j"]
                    not_reported += g[f"{c.id}|r"]
            code = str(g[level])
            out.append({
                "level": level, "code": code, "organisations": g["organisations"],
                "rectification_candidates": g["rectification"], "criteria": criteria,
                "stars": {str(b["stars"]): g[f"stars|{b['stars']}"] for b in pack.star_bands},
                "rollups": rollups.get((level, code), {}),
                "coverage": {"verdicts": judged, "not_reported": not_reported,
                             "units_without_organisation": g["units_without_organisation"]},
            })
    return out


def pillar_rates(pack, criteria: dict) -> dict[str, list[int]]:
    """{pillar: [passed, judged]} summed over the pillar's criteria (a rate is their quotient)."""
    out = {p: [0, 0] for p in pack.pillars}
    by_id = {c.id: c for c in pack.organisation_criteria}
    for cid, (passed, judged) in criteria.items():
        if cid in by_id:
            out[by_id[cid].pillar][0] += passed
            out[by_id[cid].pillar][1] += judged
    return out


def run_counts(pack, org_rows: list[dict], regions: list[dict]) -> dict:
    """What a run's summary prints: organisations, stars, rectification, pass rates per pillar (city-wide)."""
    stars = {str(b["stars"]): 0 for b in pack.star_bands}
    criteria: dict[str, list[int]] = {}
    for row in org_rows:
        if row["stars"] is not None:
            stars[str(row["stars"])] += 1
        for cid, (verdict, *_rest) in row["verdicts"].items():
            acc = criteria.setdefault(cid, [0, 0])
            acc[0] += verdict == VERDICTS[PASS]
            acc[1] += 1
    return {"organisations": len(org_rows), "stars": stars,
            "rectification": sum(1 for r in org_rows if r["rectification"]),
            "pillars": pillar_rates(pack, criteria), "criteria": criteria,
            "regions": len(regions)}
