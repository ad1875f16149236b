"""Read-only queries for the rating pages; every row comes through the user's Scope."""

from __future__ import annotations

from django.utils.translation import get_language

from guifan.accounts.scope import Scope
from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.assessment.selectors import pack_of

from .models import Rating, RatingAdjustment, RatingStep, RegionRating

LIST_LIMIT = 500


def lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def official_run(year: int):
    return AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()


def pack_for(year: int):
    run = official_run(year)
    return pack_of(run.pack_version) if run is not None else None


def rules_of(year: int):
    """The rating steps of the pack the year's official run judged by (None without a run or a rating section)."""
    pack = pack_for(year)
    return pack.rating if pack is not None else None


def step_label(step) -> str:
    return step.label.get(lang()) or step.label.get("zh") or step.code


def default_year() -> int | None:
    latest = AssessmentRun.objects.official().order_by("-year").values_list("year", flat=True).first()
    return latest


def region_rollup(scope: Scope, region, year: int) -> RegionRating | None:
    if not scope.covers_region(region):
        return None
    return RegionRating.objects.filter(region=region, year=year).first()


def child_rollups(scope: Scope, region, year: int) -> list[RegionRating]:
    children = scope.regions(region.children.all())
    return list(RegionRating.objects.filter(year=year, region__in=children).select_related("region")
                .order_by("region__code"))


def region_ratings(scope: Scope, region, year: int, limit: int = LIST_LIMIT):
    """The region's ratings in the scope, lowest levels first (at most `limit`)."""
    qs = Rating.objects.filter(year=year, organisation__region__path__startswith=region.path,
                               organisation__in=scope.organisations())
    return list(qs.select_related("organisation", "organisation__region").order_by("stars", "organisation__name")
                [:limit])


def to_propose(scope: Scope, region, year: int, limit: int = LIST_LIMIT) -> list[Rating]:
    """The region's organisations in the scope with their level from the year's official assessment, as the first
    step would rate them (unsaved: nothing is written before the step is taken), lowest levels first."""
    run = official_run(year)
    if run is None:
        return []
    found = (OrganisationResult.objects.filter(run=run, stars__isnull=False,
                                               organisation__region__path__startswith=region.path,
                                               organisation__in=scope.organisations())
             .select_related("organisation").order_by("stars", "organisation__name")[:limit])
    return [Rating(organisation=r.organisation, year=year, stars=r.stars) for r in found]


def steps_taken(region, year: int) -> list[RatingStep]:
    return list(RatingStep.objects.filter(year=year, region__path__startswith=region.path)
                .select_related("region", "user").order_by("-taken_at")[:50])


def organisation_history(organisation) -> list[dict]:
    rows = []
    for rating in Rating.objects.filter(organisation=organisation).order_by("-year"):
        changes = list(RatingAdjustment.objects.filter(rating=rating).select_related("step", "step__region"))
        rows.append({"rating": rating, "changes": changes})
    return rows
