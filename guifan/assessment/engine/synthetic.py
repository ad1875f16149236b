"""Random but plausible facts for N organisations across the five domains, built inside Polars (for `bench`)."""

from __future__ import annotations

import polars as pl

from guifan.assessment.engine.frames import frame_schema

HOSTS = {"R": ["admin_village", "rural_community", "villager_group"], "U": ["street", "community", "compound"],
         "N": ["enterprise", "social_org"], "A": ["agency"], "S": ["soe"]}
KINDS = ["committee", "general_branch", "branch", "branch", "none"]


def _hash(seed: int) -> pl.Expr:
    return pl.int_range(pl.len(), dtype=pl.UInt64).hash(seed)


def _pick(options: list[str], seed: int) -> pl.Expr:
    index = (_hash(seed) % len(options)).cast(pl.Int64)
    return pl.lit(pl.Series(options)).gather(index)


def _number(fact, h: pl.Expr) -> pl.Expr:
    unit = fact.unit or ""
    if "元" in unit:
        return (h % 600).cast(pl.Float64) * 1000
    if "m²" in unit:
        return (h % 1500).cast(pl.Float64)
    if unit == "%":
        return 80 + (h % 21).cast(pl.Float64)
    if unit == "学时":
        return (h % 80).cast(pl.Float64)
    return (h % 160).cast(pl.Float64)


def synthetic_frame(pack, n: int, seed: int = 1, null_share: int = 10) -> pl.DataFrame:
    """`n` organisations; about 1 in `null_share` fact values missing."""
    base = pl.DataFrame({"i": pl.int_range(n, eager=True)})
    domain = _pick(["R", "R", "R", "U", "U", "N", "N", "A", "S"], seed)
    columns = [
        pl.format("O{}", pl.col("i")).alias("id"), domain.alias("domain"), _pick(KINDS, seed + 1).alias("kind"),
        ((_hash(seed + 3) % 5) != 0).alias("primary"),
        pl.format("4503{}", (_hash(seed + 4) % 17 + 10)).alias("county"),
    ]
    frame = base.select(columns)
    frame = frame.with_columns(
        pl.when(pl.col("domain") == d).then(_pick(HOSTS[d], seed + 2 + i)).otherwise(None).alias(f"h{d}")
        for i, d in enumerate(HOSTS)
    ).with_columns(pl.coalesce([f"h{d}" for d in HOSTS]).alias("host_kind")).drop([f"h{d}" for d in HOSTS])
    frame = frame.with_columns(
        (pl.col("county") + pl.format("{}", 100 + _hash(seed + 5) % 9)).alias("township"),
        pl.lit("450300").alias("city"),
    )
    facts = []
    for i, (code, fact) in enumerate(pack.facts.items()):
        h = _hash(seed * 1000 + i)
        missing = (h % null_share) == 0
        h = h // null_share
        if fact.type == "boolean":
            value = (h % 4) != 0
        elif fact.type in ("enum", "date"):
            continue
        else:
            value = _number(fact, h)
        facts.append(pl.when(missing).then(None).otherwise(value).alias(code))
    frame = frame.with_columns(facts)
    schema = frame_schema(pack)
    return frame.select([pl.col(c).cast(schema[c]) if c in frame.columns else pl.lit(None, schema[c]).alias(c)
                         for c in schema])
