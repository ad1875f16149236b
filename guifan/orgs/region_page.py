"""Read-only queries for the region page (URL name `regions:detail`): its child divisions with their organisations,
members and breaching organisations, and the organisations at the top of this level.

It lives in orgs, not regions: it reads the organisations and the stored register roll-ups (guifan.orgs.rollups),
which regions, the lowest app of the register, cannot see. Every figure is a stored one: a few queries, whatever
the size of the region (the 桂林市 page used to read 13,841 organisations and 28,507 member counts per view).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from guifan.core.scoping import Scope
from guifan.regions.models import Region

from . import rollups
from .models import Organisation, OrganisationBreaches, RegionCount
from .selectors import annotate_counts_and_breaches


@dataclass
class RegionRow:
    """One line of the region table: a child region, the region's own level, or the total. None: not computed."""

    region: Region
    organisations: int | None = None
    members: int | None = None
    breaches: int | None = None


@dataclass
class RegionOverview:
    rows: list[RegionRow]
    own: RegionRow
    total: RegionRow
    year: int
    computed: bool = True  # False: the roll-ups of this region have not been built (see `guifan rollups`)
    top_organisations: list[Organisation] = field(default_factory=list)


def _lapsed(region: Region, year: int, today: dt.date) -> dict:
    """{child region id (None: the region itself): organisations without stored breaches whose term has ended
    since} — they breach from the day after their term's end on, before any refresh (one small indexed query)."""
    column = rollups.LEVEL_COLUMNS.get(region.level)
    if column is None:
        return {}
    below = rollups.COLUMNS.index(column) + 1
    child = f"organisation__structure__{rollups.COLUMNS[below]}" if below < len(rollups.COLUMNS) else None
    rows = (OrganisationBreaches.objects
            .filter(year=year, lapses_on__lt=today, organisation__dissolved_on__isnull=True,
                    **{f"organisation__structure__{column}": region.pk}))
    if child is None:
        return {None: rows.count()}
    return dict(rows.values(child).annotate(n=Count("pk")).values_list(child, "n"))


def _row(region: Region, stored: RegionCount | None, lapsed: int, computed: bool) -> RegionRow:
    """`computed`: the parent region was counted, so a child without a row has nothing registered (a refresh writes
    only the regions above the organisations it recounted)."""
    if stored is None:
        return RegionRow(region, 0, 0, lapsed) if computed else RegionRow(region)
    return RegionRow(region, stored.organisations, stored.members, stored.breaching + lapsed)


def _difference(region: Region, total: RegionRow, rows: list[RegionRow]) -> RegionRow:
    """What sits at the region's own level: its subtree less its children's subtrees."""
    if total.organisations is None or any(r.organisations is None for r in rows):
        return RegionRow(region)
    return RegionRow(region, *(getattr(total, name) - sum(getattr(r, name) for r in rows)
                               for name in ("organisations", "members", "breaches")))


def top_organisations(scope: Scope, region: Region, year: int) -> list[Organisation]:
    """The active organisations of this region whose parent is not one of them, with stored subtree counts and
    their breaches (judged on those counts with the pack of `year`), party committees first."""
    here = Organisation.objects.active().filter(region=region).values("pk")
    # The host units by key in a second query: joined, the planner hashes all 35,000 of them for 67 organisations.
    orgs = list(
        scope.organisations().active().filter(region=region)
        .filter(Q(parent__isnull=True) | ~Q(parent__in=here))
        .prefetch_related("host_unit").order_by("name")
    )
    annotate_counts_and_breaches(scope, orgs, year)
    orgs.sort(key=lambda o: o.kind != Organisation.Kind.COMMITTEE)
    return orgs


def region_overview(scope: Scope, region: Region, year: int | None = None) -> RegionOverview:
    """Counts per child region (stored per region and year) and the top organisations here."""
    year = year or rollups.reporting_year()
    children = list(
        scope.regions(region.children.select_related("successor"))
        .order_by(F("valid_to").asc(nulls_first=True), "code")
    )
    stored = {c.region_id: c for c in RegionCount.objects.filter(year=year, region__in=[region, *children])}
    computed = region.pk in stored
    lapsed = _lapsed(region, year, timezone.localdate()) if computed else {}
    rows = [_row(child, stored.get(child.pk), lapsed.get(child.pk, 0), computed) for child in children]
    total = _row(region, stored.get(region.pk), sum(lapsed.values()), computed)
    return RegionOverview(rows=rows, own=_difference(region, total, rows), total=total, year=year,
                          computed=computed, top_organisations=top_organisations(scope, region, year))
