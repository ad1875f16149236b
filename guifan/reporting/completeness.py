"""Completeness (DHIS2's reporting rate): reports expected, received, approved and late, per region.

Expected: every organisation except party groups that existed during some part of the period (founded on or before
its end, not dissolved before its start, its host unit not opened after the end nor closed before the start), so a
unit opened or closed during the year is expected only for the quarters and months it existed in; with the pack,
only in the domains that have facts of the period's frequency.
Received: submitted or approved (a returned report is waiting for the reporter again). Late: received, and
submitted after the period's deadline (`Period.due`). Approved: locked by at least its first approval level.

The pages read stored counts (`CompletenessCount`: per period, for the organisations registered at each region
itself), refreshed by the reporting actions for the report's region (`refresh`), by organisation changes (the
`organisations_changed` signal of guifan.orgs.rollups) and rebuilt in bulk (`rebuild`: seed, derive, `guifan
rollups`). `completeness` computes the same from the register and the reports, organisation by organisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, FilteredRelation, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from guifan.core import bulk
from guifan.facts import periods
from guifan.facts.actions import FactError, pack_for
from guifan.facts.models import FactReport, Period
from guifan.meetings.selectors import keeping_records_q
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.reporting.models import CompletenessCount

RECEIVED = (FactReport.State.SUBMITTED, FactReport.State.APPROVED)


def reporting_domains(pack, kind: str) -> list[str]:
    """The domains with facts to report at a frequency (a quarterly report only where quarterly facts exist)."""
    return sorted({d for f in pack.reported_facts(kind) for d in f.domains})


def expected_organisations(period, region=None, scope=None, pack=None):
    qs = Organisation.objects.all() if scope is None else scope.organisations()
    if pack is not None:
        domains = reporting_domains(pack, period.kind)
        qs = qs.filter(domain__in=domains)
        # An organisation keeping meeting records is not asked the typed meeting figures: no quarterly or monthly
        # report is expected of it where those are the only facts of the period's frequency.
        recorded = [d for d in domains if period.kind not in periods.asked_of_keeping(pack, d)]
        if recorded:
            qs = qs.exclude(Q(domain__in=recorded) & keeping_records_q(period.year))
    qs = (qs.exclude(kind=Organisation.Kind.GROUP)
          .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=period.end))
          .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=period.start))
          .filter(Q(host_unit__opened_on__isnull=True) | Q(host_unit__opened_on__lte=period.end))
          .filter(Q(host_unit__closed_on__isnull=True) | Q(host_unit__closed_on__gte=period.start)))
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    return qs


@dataclass
class Counts:
    expected: int = 0
    received: int = 0
    approved: int = 0
    late: int = 0

    @property
    def on_time(self) -> int:
        return self.received - self.late

    @property
    def rate(self) -> int | None:
        """Received ÷ expected, in whole percent."""
        return round(100 * self.received / self.expected) if self.expected else None

    def add_counts(self, expected: int, received: int, approved: int, late: int) -> None:
        self.expected += expected
        self.received += received
        self.approved += approved
        self.late += late

    def add(self, state, submitted_at, due) -> None:
        self.expected += 1
        if state in RECEIVED:
            self.received += 1
            if submitted_at is not None and submitted_at.date() > due:
                self.late += 1
        if state == FactReport.State.APPROVED:
            self.approved += 1


@dataclass
class Completeness:
    total: Counts = field(default_factory=Counts)
    children: dict = field(default_factory=dict)  # child region code -> Counts
    own: Counts = field(default_factory=Counts)   # organisations registered at the region itself
    missing: list = field(default_factory=list)   # expected organisations not received, with .report_state
    missing_count: int = 0                        # how many they are (the page shows the first few hundred)


def completeness(period, region, scope=None, pack=None) -> Completeness:
    """Counts for `region` and each of its child regions, and who has not reported, in two queries. With `pack`,
    only organisations of the domains that have facts of the period's frequency are expected."""
    from django.utils.timezone import localtime

    orgs = list(expected_organisations(period, region, scope, pack).select_related("region").order_by("path"))
    rows = FactReport.objects.filter(period=period, organisation__region__path__startswith=region.path)
    reports = {pk: (state, at) for pk, state, at in rows.values_list("organisation_id", "state", "submitted_at")}
    result, due = Completeness(), period.due
    for org in orgs:
        state, submitted_at = reports.get(org.pk, ("", None))
        submitted_at = localtime(submitted_at) if submitted_at else None
        rest = org.region.path[len(region.path):].strip("/")
        bucket = result.children.setdefault(rest.split("/")[0], Counts()) if rest else result.own
        for counts in (result.total, bucket):
            counts.add(state, submitted_at, due)
        if state not in RECEIVED:
            org.report_state = state
            result.missing.append(org)
    result.missing_count = len(result.missing)
    return result


def _late_from(period) -> dt.datetime:
    """Submitted at or after this moment is late: the day after the due day, at midnight local time."""
    return timezone.make_aware(dt.datetime.combine(period.due + dt.timedelta(days=1), dt.time.min))


def _pack(period):
    try:
        return pack_for(period)
    except FactError:
        return None


# The approval levels above a township's own counted apart ("": approved before levels were recorded).
LEVELS_ABOVE = ("", "county", "city")
COUNTED = ("expected", "received", "approved", "late", "approved_unlevelled", "approved_county", "approved_city")


def _counted(period, pack, region_ids=None) -> dict[int, tuple[int, ...]]:
    """{region id: counts in the order of COUNTED} for the organisations registered at each region: one GROUP BY
    over the expected organisations and their report of the period."""
    orgs = expected_organisations(period, pack=pack)
    if region_ids is not None:
        orgs = orgs.filter(region_id__in=list(region_ids))
    received, approved = Q(report__state__in=RECEIVED), Q(report__state=FactReport.State.APPROVED)
    rows = (orgs.annotate(report=FilteredRelation("fact_reports", condition=Q(fact_reports__period=period)))
            .values("region_id")
            .annotate(expected=Count("pk"), received=Count("pk", filter=received),
                      approved=Count("pk", filter=approved),
                      late=Count("pk", filter=received & Q(report__submitted_at__gte=_late_from(period))),
                      **{f"approved_{level or 'unlevelled'}": Count("pk", filter=approved
                                                                    & Q(report__approval_level=level))
                         for level in LEVELS_ABOVE})
            .order_by())
    return {r["region_id"]: tuple(r[f] for f in COUNTED) for r in rows}


def _write(period, counted: dict, region_ids) -> None:
    """Upserts the counted regions and zeroes the other given ones (rows are never deleted: no race on the key)."""
    rows = [CompletenessCount(period=period, region_id=pk, **dict(zip(COUNTED, counts, strict=True)))
            for pk, counts in counted.items()]
    target = ["period", "region"] if connection.features.supports_update_conflicts_with_target else None
    CompletenessCount.objects.bulk_create(rows, update_conflicts=True, unique_fields=target,
                                          update_fields=list(COUNTED), batch_size=1000)
    stale = CompletenessCount.objects.filter(period=period).exclude(region_id__in=list(counted))
    if region_ids is not None:
        stale = stale.filter(region_id__in=list(region_ids))
    stale.update(**dict.fromkeys(COUNTED, 0))


@transaction.atomic
def refresh(period, region_ids=None, pack=None) -> None:
    """Recounts `period` for the organisations registered at these regions (all regions when None, or when the
    period has never been counted: its counts are then complete from the first refresh on)."""
    pack = pack if pack is not None else _pack(period)
    if region_ids is not None and not CompletenessCount.objects.filter(period=period).exists():
        region_ids = None
    _write(period, _counted(period, pack, region_ids), region_ids)


def refresh_year(year: int, region_ids) -> None:
    """After meetings of `year` were recorded in these regions: the year's counted periods (an organisation that
    starts or stops keeping records is expected, or not, for the quarters and months)."""
    for period in Period.objects.filter(year=year, pk__in=CompletenessCount.objects.values("period")):
        refresh(period, region_ids)


def refresh_regions(region_ids) -> None:
    """After organisations of these regions were created, dissolved or changed: every counted period."""
    for period in Period.objects.filter(pk__in=CompletenessCount.objects.values("period")).order_by("start"):
        refresh(period, region_ids)


def rebuild(periods=None) -> int:
    """Every period (or the given ones) counted anew, then ANALYZE; returns how many periods were counted."""
    periods = list(Period.objects.order_by("start") if periods is None else periods)
    with transaction.atomic():
        for period in periods:
            refresh(period)
    bulk.analyze(CompletenessCount)
    return len(periods)


def missing_queryset(period, region, scope=None, pack=None):
    """The expected organisations of the region's subtree (by path) whose report is not received, with
    .report_state. The region's divisions as a list of keys and the received reports as one hashed set: the planner
    misjudges a prefix match on the regions' paths and would probe the reports organisation by organisation."""
    received = FactReport.objects.filter(period=period, state__in=RECEIVED).values("organisation_id")
    state = FactReport.objects.filter(organisation=OuterRef("pk"), period=period).order_by().values("state")[:1]
    regions = list(Region.objects.within(region).values_list("pk", flat=True))
    return (
        expected_organisations(period, scope=scope, pack=pack).filter(region_id__in=regions)
        .exclude(pk__in=received)
        .annotate(report_state=Coalesce(Subquery(state), Value("")))
        .select_related("region").order_by("path")
    )


def missing_organisations(period, region, scope=None, pack=None, limit: int = 300) -> list:
    """The first `limit` of `missing_queryset`."""
    return list(missing_queryset(period, region, scope, pack)[:limit])


class CountedPages:
    """A query to page through whose length is already known (from the stored counts): the paginator slices it
    without counting it again."""

    def __init__(self, queryset, count: int):
        self.queryset, self.known = queryset, count

    def count(self) -> int:
        return self.known

    def __getitem__(self, index):
        return list(self.queryset[index])


def stored_completeness(period, region, scope=None, pack=None, limit: int = 300) -> Completeness | None:
    """What `completeness` says, from the stored counts of the region's subtree (None when the period has never
    been counted); the missing organisations are the first `limit`."""
    rows = list(CompletenessCount.objects.filter(period=period, region__path__startswith=region.path)
                .values_list("region__path", "expected", "received", "approved", "late"))
    if not rows and not CompletenessCount.objects.filter(period=period).exists():
        return None
    result = Completeness()
    for path, *counts in rows:
        rest = path[len(region.path):].strip("/")
        bucket = result.children.setdefault(rest.split("/")[0], Counts()) if rest else result.own
        for target in (result.total, bucket):
            target.add_counts(*counts)
    result.missing_count = result.total.expected - result.total.received
    result.missing = missing_organisations(period, region, scope, pack, limit) if result.missing_count else []
    return result
