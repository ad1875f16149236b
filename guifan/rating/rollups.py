"""The stored roll-ups of a year's ratings per township, county and city, rewritten in bulk after each step: one
GROUP BY per level over the ratings joined to each organisation's ancestors (from the regions' materialised paths),
never a walk of the tree per request. Ratios are kept as counts (sum over sum)."""

from __future__ import annotations

import polars as pl
from django.db.models import F
from django.utils import timezone

from guifan.core import bulk
from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.regions.models import Region

from .models import Movement, Rating, RegionRating

FIELDS = ("year", "region", "level", "organisations", "stages", "stars", "movement", "top", "previous_rated",
          "previous_top", "updated_at")


def ancestors() -> pl.DataFrame:
    """One row per region: its pk and the pks of its township, county and city (null where above it)."""
    regions = list(Region.objects.values_list("pk", "code", "level", "path"))
    by_code = {code: (pk, level) for pk, code, level, _path in regions}
    rows = []
    for pk, _code, _level, path in regions:
        found = {by_code[c][1]: by_code[c][0] for c in path.strip("/").split("/") if c in by_code}
        rows.append((pk, *(found.get(level) for level in LEVELS_BOTTOM_UP)))
    return pl.DataFrame(rows, schema={"region_id": pl.Int64, **dict.fromkeys(LEVELS_BOTTOM_UP, pl.Int64)},
                        orient="row")


def refresh(year: int, rules) -> int:
    """Rewrite the year's RegionRating rows; returns how many."""
    ratings = bulk.read_frame(
        Rating.objects.filter(year=year).annotate(region_=F("organisation__region_id"))
        .values_list("region_", "stage", "stars", "previous_stars", "movement"),
        {"region_id": pl.Int64, "stage": pl.String, "stars": pl.Int64, "previous_stars": pl.Int64,
         "movement": pl.String})
    RegionRating.objects.filter(year=year).delete()
    if ratings.is_empty():
        return 0
    frame = ratings.join(ancestors(), on="region_id", how="left")
    top = rules.top_stars
    aggs = [pl.len().alias("organisations"),
            (pl.col("stars") == top).sum().alias("top"),
            pl.col("previous_stars").is_not_null().sum().alias("previous_rated"),
            (pl.col("previous_stars") == top).sum().alias("previous_top")]
    aggs += [(pl.col("stage") == s.code).sum().alias(f"stage|{s.code}") for s in rules.steps]
    aggs += [(pl.col("stars") == n).sum().alias(f"stars|{n}") for n in range(1, 6)]
    aggs += [(pl.col("movement") == m).sum().alias(f"move|{m}") for m in Movement.values]
    now = timezone.now()
    levels = dict(Region.objects.values_list("pk", "level"))
    rows = []
    for level in LEVELS_BOTTOM_UP:
        grouped = frame.filter(pl.col(level).is_not_null()).group_by(level).agg(aggs)
        for g in grouped.iter_rows(named=True):
            rows.append((year, g[level], levels[g[level]], g["organisations"],
                         {s.code: g[f"stage|{s.code}"] for s in rules.steps},
                         {str(n): g[f"stars|{n}"] for n in range(1, 6) if g[f"stars|{n}"]},
                         {m: g[f"move|{m}"] for m in Movement.values}, g["top"], g["previous_rated"],
                         g["previous_top"], now))
    bulk.insert(RegionRating, FIELDS, rows)
    return len(rows)
