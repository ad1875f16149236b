"""From the engine's frames to the rows that are stored: pure functions, no database.

`organisation_table` turns the wide frame of `vectorised.assess` into one row per organisation, ready to store
(the verdicts of the criteria that apply as JSON, {criterion id: [verdict, actual, threshold, gap]}); `region_rows`
counts, per township, county and city, how many organisations passed and were judged on each criterion (a rate is
always sum(passed) / sum(judged)), the star distribution, rectification candidates, reporting coverage, and the
pack's roll-up verdicts; `run_counts` the same city-wide for the run's summary.
"""

from __future__ import annotations

import polars as pl

from guifan.assessment.engine.verdicts import NOT_APPLICABLE, NOT_REPORTED, PASS, VERDICTS
from guifan.core.vocabulary import LEVELS_BOTTOM_UP as LEVELS

ORG_PREFIX = "org-"


def _clean(value):
    """Floats as stored: NaN never (the engine nulls it), integers kept as floats; None stays None."""
    return None if value is None else float(value)


def _json_object(entries: list[pl.Expr]) -> pl.Expr:
    """`{entry,entry,…}` from expressions each giving `"key":value` text, or null to leave the key out."""
    body = pl.concat_str(entries, separator=",", ignore_nulls=True) if entries else pl.lit("")
    return pl.concat_str(pl.lit("{"), body, pl.lit("}"))


def judged_organisations(organisations: pl.DataFrame) -> pl.DataFrame:
    """The engine's organisation rows for the frame's organisations ("org-<pk>" ids) that a criterion judged."""
    return organisations.filter(pl.col("id").str.starts_with(ORG_PREFIX) & pl.col("total").is_not_null())


def organisation_table(pack, organisations: pl.DataFrame) -> pl.DataFrame:
    """One row per judged organisation, as stored: organisation id, total, stars, rectification, pillar scores
    ({pillar: score}) and verdicts ({criterion id: [verdict, actual, threshold, gap]} of the criteria that apply) as
    JSON text, built by Polars over all organisations at once."""
    criteria = [c.id for c in pack.organisation_criteria]
    numbers = [f"{cid}|{part}" for cid in criteria for part in "atg"] + [f"score_{p}" for p in pack.pillars]
    verdicts = [f"{cid}|v" for cid in criteria]
    # First every figure and verdict as its JSON text (a float's shortest text that reads back the same; null when
    # missing or not finite; a not-applicable verdict missing), then each object put together from those texts.
    quoted = {code: None if name == "not_applicable" else f'"{name}"' for code, name in enumerate(VERDICTS)}
    text = judged_organisations(organisations).select(
        pl.col("id").str.slice(len(ORG_PREFIX)).cast(pl.Int64).alias("organisation_id"),
        pl.col("total").cast(pl.Float64), pl.col("stars").cast(pl.Int64), pl.col("rectification").fill_null(False),
        pl.when(pl.col(numbers).is_finite()).then(pl.col(numbers).cast(pl.Float64).cast(pl.String))
        .otherwise(pl.lit("null")),
        pl.col(verdicts).replace_strict(quoted, default=None, return_dtype=pl.String))
    entries = [pl.concat_str(pl.lit(f'"{cid}":['), pl.col(f"{cid}|v"), pl.lit(","), pl.col(f"{cid}|a"), pl.lit(","),
                             pl.col(f"{cid}|t"), pl.lit(","), pl.col(f"{cid}|g"), pl.lit("]")) for cid in criteria]
    pillars = [pl.concat_str(pl.lit(f'"{p}":'), pl.col(f"score_{p}")) for p in pack.pillars]
    return text.select("organisation_id", "total", "stars", "rectification",
                       _json_object(pillars).alias("pillar_scores"), _json_object(entries).alias("verdicts"))


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


def run_counts(pack, organisations: pl.DataFrame, regions: list[dict]) -> dict:
    """What a run's summary prints: organisations, stars, rectification, pass rates per pillar (city-wide)."""
    judged = judged_organisations(organisations)
    aggs = [pl.len().alias("organisations"), pl.col("rectification").fill_null(False).sum().alias("rectification")]
    aggs += [(pl.col("stars") == b["stars"]).sum().alias(f"stars|{b['stars']}") for b in pack.star_bands]
    for c in pack.organisation_criteria:
        v = pl.col(f"{c.id}|v")
        aggs += [(v == PASS).sum().alias(f"{c.id}|p"), (v != NOT_APPLICABLE).sum().alias(f"{c.id}|j")]
    totals = judged.select(aggs).row(0, named=True)
    criteria = {c.id: [totals[f"{c.id}|p"], totals[f"{c.id}|j"]] for c in pack.organisation_criteria
                if totals[f"{c.id}|j"]}
    return {"organisations": totals["organisations"],
            "stars": {str(b["stars"]): totals[f"stars|{b['stars']}"] for b in pack.star_bands},
            "rectification": totals["rectification"], "pillars": pillar_rates(pack, criteria), "criteria": criteria,
            "regions": len(regions)}
