"""Completeness (DHIS2's reporting rate): reports expected, received, approved and late, per region.

Expected: every organisation except party groups that existed during some part of the period (founded on or before
its end, not dissolved before its start, its host unit not opened after the end nor closed before the start), so a
unit opened or closed during the year is expected only for the quarters and months it existed in; with the pack,
only in the domains that have facts of the period's frequency.
Received: submitted or approved (a returned report is waiting for the reporter again). Late: received, and
submitted after the period's deadline (`Period.due`). Approved: locked by at least its first approval level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from guifan.facts.models import FactReport
from guifan.orgs.models import Organisation

RECEIVED = (FactReport.State.SUBMITTED, FactReport.State.APPROVED)


def reporting_domains(pack, kind: str) -> list[str]:
    """The domains with facts to report at a frequency (a quarterly report only where quarterly facts exist)."""
    return sorted({d for f in pack.reported_facts(kind) for d in f.domains})


def expected_organisations(period, region=None, scope=None, pack=None):
    qs = Organisation.objects.all() if scope is None else scope.organisations()
    if pack is not None:
        qs = qs.filter(domain__in=reporting_domains(pack, period.kind))
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
    return result
