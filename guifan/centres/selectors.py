"""Read-only queries of the centres, stations and ratings; every row comes through the user's Scope.

A region's counts are read from its stored roll-up (models.CentreRollup, rebuilt by each write), never counted over
the tree on a page."""

from __future__ import annotations

from django.db.models import Q

from guifan.regions.models import Region

from .models import CentreRollup, PlatformRating, ServiceCentre, TouristStation


def centres(scope):
    """The centres of the user's regions, and for an organisation's account its own community centre."""
    if scope.is_all:
        qs = ServiceCentre.objects.all()
    else:
        qs = ServiceCentre.objects.filter(Q(region__in=scope.regions()) | Q(organisation__in=scope.organisations()))
    return qs.select_related("region", "organisation")


def in_region(qs, region):
    return qs.filter(region__path__startswith=region.path)


def stations(scope):
    return TouristStation.objects.filter(region__in=scope.regions()).select_related("region", "centre")


def ratings(scope, year: int):
    return PlatformRating.objects.filter(region__in=scope.regions(), year=year).select_related("region", "rated_by")


def rollup(region) -> dict:
    """{"counts": {level: [centres, passed]}, "stations": n} stored for the region (zeros when none is stored)."""
    found = CentreRollup.objects.filter(region=region).first()
    return {"counts": found.counts if found else {}, "stations": found.stations if found else 0}


def child_rollups(region) -> list[tuple[Region, dict]]:
    """The stored roll-ups of the region's children that have one."""
    rows = CentreRollup.objects.filter(region__parent=region).select_related("region").order_by("region__code")
    return [(r.region, {"counts": r.counts, "stations": r.stations}) for r in rows]
