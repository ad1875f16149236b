"""Read-only queries of the weak and lax list; every row comes through the user's Scope.

A region's counts (listed, in progress, overdue, signed off, awaiting confirmation) are one GROUP BY over the
per-organisation ancestor table (orgs.OrganisationStructure: its city, county and township columns), never a walk
of the tree: the region's own totals are one aggregate, its children's one grouped query.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q

from guifan.orgs.rollups import counts_by_child

from .models import Listing, Task

State = Listing.State
COUNT_NAMES = ("listed", "in_progress", "overdue", "signed_off", "proposed")


def _late(today: dt.date):
    return Exists(Task.objects.filter(listing=OuterRef("pk"), closed_at__isnull=True, deadline__lt=today))


def _aggregates() -> dict:
    return {
        "listed": Count("pk", filter=~Q(state=State.PROPOSED)),
        "in_progress": Count("pk", filter=Q(state=State.CONFIRMED)),
        "overdue": Count("pk", filter=Q(state=State.CONFIRMED, late=True)),
        "signed_off": Count("pk", filter=Q(state=State.SIGNED_OFF)),
        "proposed": Count("pk", filter=Q(state=State.PROPOSED)),
    }


def listings(scope, year: int):
    return (Listing.objects.filter(year=year, organisation__in=scope.organisations())
            .select_related("organisation", "organisation__region"))


def in_region(qs, region):
    """The listings of organisations in `region` (its column of the ancestor table)."""
    return qs.filter(**{f"organisation__structure__{region.level}": region})


def region_counts(scope, region, year: int, today: dt.date) -> tuple[dict, list[dict]]:
    """({count name: n} for the region, [{"region": child id, count name: n}] for each child region with
    listings), within the scope."""
    base = in_region(listings(scope, year), region).annotate(late=_late(today))
    return counts_by_child(base, region, _aggregates())


def overdue_tasks(listing: Listing, today: dt.date) -> int:
    return listing.tasks.filter(closed_at__isnull=True, deadline__lt=today).count()


def with_progress(qs, today: dt.date):
    """Listings annotated with their tasks, the closed ones and the overdue ones (one query)."""
    return qs.annotate(
        task_count=Count("tasks", distinct=True),
        closed_count=Count("tasks", filter=Q(tasks__closed_at__isnull=False), distinct=True),
        overdue_count=Count("tasks", filter=Q(tasks__closed_at__isnull=True, tasks__deadline__lt=today),
                            distinct=True),
    )
