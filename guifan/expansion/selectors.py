"""Read-only queries of the expansion list; every row comes through the user's Scope (the tasks of the regions it
covers). A region's counts (open, overdue, fixed) per subregion are one GROUP BY over the tasks' assigned regions,
added up to the child regions with one query over the regions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from guifan.core.vocabulary import child_level

from . import gaps
from .models import ExpansionTask

State = ExpansionTask.State
COUNT_NAMES = ("open", "overdue", "fixed")


def tasks(scope):
    """The tasks of the regions the scope covers (none for a user without a region)."""
    return (ExpansionTask.objects.filter(region__in=scope.regions())
            .select_related("region", "host_unit", "organisation", "host_unit__region", "organisation__region"))


def in_region(qs, region):
    return qs.filter(region__path__startswith=region.path)


def with_status(qs, status: str, today: dt.date):
    if status == ExpansionTask.OVERDUE:
        return qs.filter(state=State.OPEN, deadline__lt=today)
    if status == State.OPEN:
        return qs.filter(state=State.OPEN, deadline__gte=today)
    if status == State.FIXED:
        return qs.filter(state=State.FIXED)
    return qs


def _aggregates(today: dt.date) -> dict:
    return {"open": Count("pk", filter=Q(state=State.OPEN, deadline__gte=today)),
            "overdue": Count("pk", filter=Q(state=State.OPEN, deadline__lt=today)),
            "fixed": Count("pk", filter=Q(state=State.FIXED))}


def region_counts(scope, region, today: dt.date) -> tuple[dict, list[dict]]:
    """({open, overdue, fixed} in the region, [{"region": child id, open, overdue, fixed}] per child region with
    tasks), within the scope; "open" counts the open tasks not yet overdue."""
    base = in_region(tasks(scope), region).order_by()
    totals = base.aggregate(**_aggregates(today))
    below = child_level(region.level)
    rows: dict[int, dict] = {}
    if below:
        per_region = list(base.values("region_id").annotate(**_aggregates(today)))
        to_child = gaps.assigned_regions({r["region_id"] for r in per_region}, below)
        for r in per_region:
            child = to_child.get(r["region_id"])
            if child is None or child == region.pk:
                continue
            row = rows.setdefault(child, {"region": child, **dict.fromkeys(COUNT_NAMES, 0)})
            for name in COUNT_NAMES:
                row[name] += r[name]
    return totals, sorted(rows.values(), key=lambda r: r["region"])


def gap_counts(qs) -> dict[str, int]:
    return dict(qs.order_by().values_list("gap").annotate(n=Count("pk")))
