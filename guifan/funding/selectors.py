"""Read-only queries for the funding pages; every row comes through the user's Scope."""

from __future__ import annotations

from django.utils.translation import get_language

from guifan.accounts.scope import Scope
from guifan.assessment.selectors import pack_of

from .models import FundingRegion, FundingResult, FundingRun

LIST_LIMIT = 500


def lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def latest_run(year: int | None = None) -> FundingRun | None:
    runs = FundingRun.objects.select_related("pack_version")
    return (runs.filter(year=year) if year else runs).first()


def rules_of(run: FundingRun):
    return pack_of(run.pack_version).funding


def star_labels(run: FundingRun) -> dict:
    return {b["stars"]: b["label"].get(lang(), b["label"]["zh"]) for b in pack_of(run.pack_version).star_bands}


def region_row(scope: Scope, region, run: FundingRun) -> FundingRegion | None:
    if not scope.covers_region(region):
        return None
    return FundingRegion.objects.filter(run=run, region=region).first()


def child_rows(scope: Scope, region, run: FundingRun) -> list[FundingRegion]:
    children = scope.regions(region.children.all())
    return list(FundingRegion.objects.filter(run=run, region__in=children).select_related("region")
                .order_by("region__code"))


def organisation_rows(scope: Scope, region, run: FundingRun, limit: int | None = LIST_LIMIT):
    qs = (FundingResult.objects.filter(run=run, organisation__region__path__startswith=region.path,
                                       organisation__in=scope.organisations())
          .select_related("organisation", "organisation__region").order_by("-total", "organisation__name"))
    return list(qs[:limit] if limit else qs)


def organisation_result(scope: Scope, organisation, run: FundingRun) -> FundingResult | None:
    if not scope.organisations().filter(pk=organisation.pk).exists():
        return None
    return FundingResult.objects.filter(run=run, organisation=organisation).first()
