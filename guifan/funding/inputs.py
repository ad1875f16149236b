"""The funding formula's input frame, read in bulk (one query per source, no per-organisation loop): every active
organisation with its place, host kind, domain, whether it is its host unit's own (primary), whether it is a newly
and separately set-up one, its star level and where that came from (the published rating, else the official run),
rectification (the official run's candidates), members and secretary."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.core import bulk
from guifan.members.models import GONE_STATUSES, Member
from guifan.orgs.models import Organisation
from guifan.rating.models import Rating
from guifan.rating.rollups import ancestors
from guifan.regions.models import Region

FROM_RATING, FROM_RUN = "rating", "assessment"
COUNTED = [s for s in Member.Status.values if s not in GONE_STATUSES]


def official_run(year: int):
    return AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()


def build(year: int, run, published_stage: str | None, organisations=None) -> pl.DataFrame:
    """One row per organisation active at the end of `year` (of `organisations` when given)."""
    end = dt.date(year, 12, 31)
    orgs = (Organisation.objects.exclude(kind=Organisation.Kind.GROUP)
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end), Q(dissolved_on__isnull=True)
                    | Q(dissolved_on__gt=end)))
    if organisations is not None:
        orgs = orgs.filter(pk__in=organisations)
    frame = bulk.read_frame(orgs.order_by().annotate(
        id_=F("pk"), region_=F("region_id"), host_=F("host_unit__kind"), dom=F("domain"), hid=F("host_unit_id"),
        phid=F("parent__host_unit_id"), par=F("parent_id"), set_=F("setup"), fy=F("founded_on__year"),
        sec=F("secretary_id")).values_list("id_", "region_", "host_", "dom", "hid", "phid", "par", "set_", "fy",
                                            "sec"),
        {"id": pl.Int64, "region_id": pl.Int64, "host_kind": pl.String, "domain": pl.String, "host": pl.Int64,
         "parent_host": pl.Int64, "parent": pl.Int64, "setup": pl.String, "founded_year": pl.Int64,
         "secretary": pl.Int64})
    frame = frame.with_columns(
        (pl.col("parent").is_null() | (pl.col("parent_host") != pl.col("host")).fill_null(True)).alias("primary"),
        ((pl.col("founded_year") == year) & (pl.col("setup") == Organisation.SetUp.SEPARATE)).fill_null(False)
        .alias("new_separate"),
        pl.col("secretary").is_not_null().cast(pl.Int64).alias("secretaries"),
    ).drop("host", "parent_host", "parent", "setup", "founded_year", "secretary")
    results = pl.DataFrame(schema={"id": pl.Int64, "run_stars": pl.Int64, "rectification": pl.Boolean})
    if run is not None:
        results = bulk.read_frame(OrganisationResult.objects.filter(run=run).order_by().annotate(
            o=F("organisation_id"), s=F("stars"),
            r=Case(When(rectification=True, then=Value(1)), default=Value(0), output_field=IntegerField()))
            .values_list("o", "s", "r"), {"id": pl.Int64, "run_stars": pl.Int64, "rectification": pl.Int64})
        results = results.with_columns(pl.col("rectification") == 1)  # booleans as 1/0: COPY's CSV says t/f
    rated = pl.DataFrame(schema={"id": pl.Int64, "rated_stars": pl.Int64})
    if published_stage:
        rated = bulk.read_frame(Rating.objects.filter(year=year, stage=published_stage).order_by().annotate(
            o=F("organisation_id"), s=F("stars")).values_list("o", "s"), {"id": pl.Int64, "rated_stars": pl.Int64})
    members = bulk.read_frame(Member.objects.filter(status__in=COUNTED, joined_on__lte=end).order_by()
                              .values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n"),
                              {"id": pl.Int64, "members": pl.Int64})
    counties = dict(Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", "code"))
    places = ancestors()
    frame = (frame.join(places, on="region_id", how="left").join(results, on="id", how="left")
             .join(rated, on="id", how="left").join(members, on="id", how="left"))
    return frame.with_columns(
        pl.coalesce("rated_stars", "run_stars").alias("stars"),
        pl.when(pl.col("rated_stars").is_not_null()).then(pl.lit(FROM_RATING))
        .when(pl.col("run_stars").is_not_null()).then(pl.lit(FROM_RUN)).otherwise(None).alias("stars_source"),
        pl.col("rectification").fill_null(False),
        (pl.col("run_stars").is_not_null() & ~pl.col("rectification").fill_null(False)).alias("working"),
        pl.col("members").fill_null(0),
        pl.col("county").replace_strict(counties, default=None, return_dtype=pl.String).alias("county_code"),
    ).drop("rated_stars", "run_stars")
