"""The home page's to-do lists (待办, issue 10 item 2): what each role has to do in the current reporting year.

* A secretary (organisation user): the reports of their organisations not yet received — not started, drafts and
  returned ones (with the reason) — of the year's periods that have begun, with each period's due day and the days
  left or overdue, and their unread notices.
* A township, county or city official: the submitted reports of the organisations registered at their own region
  (theirs to approve first), the ones returned and not yet resubmitted, the organisations at their level that are
  late (a period past due, no report received), and per subordinate division (township or county) its counts, how
  many reports are late, and the periods ready for this level's "审核通过" (every expected report approved at the
  division's own level, not all yet at this one).

Everything is read from stored state in a fixed number of queries, whatever the number of organisations: the
stored completeness counts (`CompletenessCount`) per division and period, one grouped count of approvals by level,
and the reports of the region's own organisations (a few hundred at most).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from guifan.facts import periods as period_names
from guifan.facts.actions import FactError, pack_for
from guifan.facts.models import FactReport, Period
from guifan.facts.register import existed_during
from guifan.meetings.selectors import keeping_records
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.reporting import notices
from guifan.reporting.completeness import RECEIVED
from guifan.reporting.models import CompletenessCount
from guifan.reporting.selectors import default_period

S = FactReport.State
TOWNSHIP, COUNTY, CITY = Region.Level.TOWNSHIP, Region.Level.COUNTY, Region.Level.CITY
KIND_RANK = {Period.Kind.YEARLY: 0, Period.Kind.QUARTERLY: 1, Period.Kind.MONTHLY: 2}
ORGANISATIONS = 300  # organisations of one's own level read at most (a township has a few hundred)
SHOWN = 50           # items of one list shown (the page says how many there are)
NOTICES = 10


@dataclass
class Due:
    """One report an organisation has to fill in and submit (or one late at an official's level)."""

    organisation: Organisation
    period: Period
    state: str = ""  # "" not started, draft, returned
    reason: str = ""
    today: dt.date = field(default_factory=timezone.localdate)
    also: list = field(default_factory=list)  # later periods of the same kind still to fill in (see `_merged`)

    @property
    def due(self) -> dt.date:
        return self.period.due

    @property
    def days_left(self) -> int:
        """Days until the due day (0: due today); negative: days overdue."""
        return (self.period.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def title(self) -> str:
        return period_names.title(self.period)

    @property
    def url(self) -> str:
        return reverse("reporting:report", args=[self.organisation.pk, self.period.code])

    @property
    def chips(self) -> list[dict]:
        """This period and the merged ones, each with its short label and form."""
        return [{"label": period_names.label(t.period), "url": t.url, "state": t.state or "none"}
                for t in [self, *self.also]]


def _merged(tasks: list) -> list:
    """The quarterly and monthly reports of one organisation not yet begun or in draft as one item each (the first
    due, the others in `also`), so that a year is a handful of items, not seventeen; returned ones stay apart."""
    items, first = [], {}
    for task in tasks:
        key = (task.organisation.pk, task.period.kind)
        if task.state == S.RETURNED or task.period.kind == Period.Kind.YEARLY:
            items.append(task)
        elif key in first:
            first[key].also.append(task)
        else:
            first[key] = task
            items.append(task)
    return items


@dataclass
class Late:
    """An organisation of the official's own level with periods past due and no report received."""

    organisation: Organisation
    periods: list
    today: dt.date

    @property
    def days_overdue(self) -> int:
        return max((self.today - p.due).days for p in self.periods)

    @property
    def titles(self) -> str:
        return "、".join(period_names.label(p) for p in self.periods)

    @property
    def url(self) -> str:
        return reverse("reporting:report", args=[self.organisation.pk, self.periods[0].code])


@dataclass
class Division:
    """A subordinate division (township of a county, county of the city): its reports of the year so far."""

    region: object
    expected: int = 0
    received: int = 0
    approved_below: int = 0  # approved at the division's own level or above
    approved_here: int = 0   # approved at the official's level or above
    late: int = 0            # expected in a period past due and not received
    ready: list = field(default_factory=list)  # periods the official can approve the division for
    year_code: str = ""

    @property
    def rate(self) -> int | None:
        return round(100 * self.received / self.expected) if self.expected else None

    @property
    def url(self) -> str:
        return reverse("reporting:completeness", args=[self.year_code, self.region.code])


@dataclass
class Year:
    """The current reporting year: its yearly period (None when none is open), the periods begun by `today`, the
    pack in effect (None when none is loaded)."""

    period: Period | None
    periods: list
    pack: object
    today: dt.date

    @property
    def past_due(self) -> list:
        return [p for p in self.periods if p.due < self.today]

    def kinds_of(self, domain: str, keeps_records: bool = False) -> set:
        """The frequencies an organisation of `domain` reports at (the pack's facts of that domain; without the
        typed meeting figures when it keeps meeting records)."""
        cache = self.__dict__.setdefault("_kinds", {})
        if (domain, keeps_records) not in cache:
            cache[domain, keeps_records] = (
                period_names.asked_of_keeping(self.pack, domain) if keeps_records else
                {f.frequency for f in self.pack.reported_facts(None) if domain in f.domains})
        return cache[domain, keeps_records]


def reporting_year(today: dt.date | None = None) -> Year:
    today = today or timezone.localdate()
    yearly = default_period()
    if yearly is None:
        return Year(None, [], None, today)
    begun = sorted(Period.objects.filter(year=yearly.year, start__lte=today),
                   key=lambda p: (p.due, KIND_RANK.get(p.kind, 9)))
    try:
        pack = pack_for(yearly)
    except FactError:
        pack = None
    return Year(yearly, begun, pack, today)


def _reporting_periods(org, year: Year, keeping: set[int] = frozenset()) -> list:
    """The begun periods of the year the organisation reports in, as `periods.reporting_periods` says (the yearly
    one only when no pack is loaded), without building the year's periods anew for each organisation. `keeping`:
    the organisations among those listed that keep meeting records (`keeping_records`)."""
    if year.pack is None:
        return [p for p in year.periods if p.kind == Period.Kind.YEARLY]
    kinds = year.kinds_of(org.domain, org.pk in keeping)
    unit = org.host_unit if org.host_unit_id else None
    return [p for p in year.periods if p.kind in kinds
            and existed_during(org.founded_on, org.dissolved_on, p.start, p.end)
            and (unit is None or existed_during(unit.opened_on, unit.closed_on, p.start, p.end))]


def _reporting_organisations(qs, year: Year):
    """Organisations that report (not party groups) and were not dissolved before the year began."""
    start = dt.date(year.period.year, 1, 1)
    return (qs.exclude(kind=Organisation.Kind.GROUP)
            .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start))
            .select_related("host_unit").order_by("path"))


def _unread(user) -> list:
    """The first unread notices (one more, to tell whether there are more), each with its period's title."""
    unread = list(notices.unread(user)[:NOTICES + 1])
    for notice in unread:
        notice.period_title = period_names.title(notice.period) if notice.period_id else ""
    return unread


def secretary_todo(scope, user, today: dt.date | None = None) -> dict:
    """A secretary's to-do: reports due (returned first, then by due day) and unread notices."""
    year = reporting_year(today)
    unread = _unread(user)
    result = {"year": year, "tasks": [], "task_total": 0, "returned_total": 0, "overdue_total": 0,
              "waiting_total": 0, "notices": unread[:NOTICES], "more_notices": len(unread) > NOTICES}
    if year.period is None or not year.periods:
        return result
    orgs = list(_reporting_organisations(scope.organisations(), year)[:ORGANISATIONS])
    rows = FactReport.objects.filter(organisation__in=[o.pk for o in orgs], period__in=year.periods)
    reports = {(o, p): (state, reason) for o, p, state, reason
               in rows.values_list("organisation_id", "period_id", "state", "returned_reason")}
    tasks, waiting = [], 0
    keeping = keeping_records([o.pk for o in orgs], year.period.year)
    for org in orgs:
        for period in _reporting_periods(org, year, keeping):
            state, reason = reports.get((org.pk, period.pk), ("", ""))
            if state in RECEIVED:
                waiting += state == S.SUBMITTED
                continue
            tasks.append(Due(org, period, state, reason, year.today))
    tasks.sort(key=lambda t: (t.state != S.RETURNED, t.due, KIND_RANK.get(t.period.kind, 9), t.organisation.path))
    items = _merged(tasks)
    result.update(tasks=items[:SHOWN], more_tasks=len(items) > SHOWN, task_total=len(tasks), waiting_total=waiting,
                  returned_total=sum(t.state == S.RETURNED for t in tasks),
                  overdue_total=sum(t.overdue for t in tasks))
    return result


def _own_level(scope, region, year: Year) -> dict:
    """The reports of the organisations registered at the official's own region: submitted (to approve),
    returned (waiting for the reporter) and late."""
    reports = (FactReport.objects.filter(period__in=year.periods, organisation__region=region,
                                         state__in=(S.SUBMITTED, S.RETURNED))
               .select_related("organisation", "period").defer("values", "derived", "evidence")
               .order_by("submitted_at", "period__start", "pk"))
    submitted = [r for r in reports if r.state == S.SUBMITTED]
    returned = [r for r in reports if r.state == S.RETURNED]
    for report in submitted + returned:
        report.title = period_names.title(report.period)
    past_due = year.past_due
    late = []
    if past_due:
        orgs = list(_reporting_organisations(scope.organisations(Organisation.objects.filter(region=region)),
                                             year)[:ORGANISATIONS])
        received = set(FactReport.objects.filter(organisation__in=[o.pk for o in orgs], period__in=past_due,
                                                 state__in=RECEIVED).order_by()
                       .values_list("organisation_id", "period_id"))
        keeping = keeping_records([o.pk for o in orgs], year.period.year)
        for org in orgs:
            missing = [p for p in _reporting_periods(org, year, keeping)
                       if p.due < year.today and (org.pk, p.pk) not in received]
            if missing:
                late.append(Late(org, missing, year.today))
        late.sort(key=lambda item: (-item.days_overdue, item.organisation.path))
    return {"to_approve": submitted[:SHOWN], "to_approve_total": len(submitted),
            "returned": returned[:SHOWN], "returned_total": len(returned),
            "late": late[:SHOWN], "late_total": len(late)}


def _divisions(scope, region, year: Year) -> list[Division]:
    """Per subordinate division, its counts over the year's begun periods, from the stored completeness counts (the
    approved ones by how far up they have gone)."""
    children = {r.code: Division(r, year_code=year.period.code)
                for r in scope.regions(region.children.all()).order_by("code")}
    if not children:
        return []

    def child(path: str):
        return children.get(path[len(region.path):].strip("/").split("/")[0])

    by_period: dict = {}  # (child code, period id) -> [expected, received, approved below, approved here]
    counts = (CompletenessCount.objects.filter(period__in=year.periods, region__path__startswith=region.path)
              .exclude(region=region).values_list("region__path", "period_id", "expected", "received", "approved",
                                                  "approved_unlevelled", "approved_county", "approved_city"))
    for path, period_id, expected, received, approved, unlevelled, county, city in counts:
        division = child(path)
        if division is None:
            continue
        cell = by_period.setdefault((division.region.code, period_id), [0, 0, 0, 0])
        cell[0] += expected
        cell[1] += received
        # How far up the approved reports have gone: a township's organisations are approved first by it; those
        # stored without a level the township has not approved.
        up_to = {TOWNSHIP: approved - unlevelled, COUNTY: county + city, CITY: city}
        cell[2] += up_to[division.region.level]
        cell[3] += up_to[region.level] if region.level != TOWNSHIP else county + city
    periods = {p.pk: p for p in year.periods}
    for (code, period_id), (expected, received, below, here) in by_period.items():
        division, period = children[code], periods[period_id]
        division.expected += expected
        division.received += received
        division.approved_below += below
        division.approved_here += here
        if period.due < year.today:
            division.late += max(expected - received, 0)
        if expected and below >= expected and here < expected:
            division.ready.append(period)
    for division in children.values():
        division.ready.sort(key=lambda p: (KIND_RANK.get(p.kind, 9), p.due))  # the year first
        for period in division.ready:
            period.title = period_names.title(period)
    return list(children.values())


def official_todo(scope, user, today: dt.date | None = None) -> dict:
    """A township, county or city official's to-do (a superuser's: the city's)."""
    year = reporting_year(today)
    region = scope.root_region
    unread = _unread(user)
    result = {"year": year, "region": region, "notices": unread[:NOTICES], "more_notices": len(unread) > NOTICES,
              "to_approve": [], "to_approve_total": 0, "returned": [], "returned_total": 0, "late": [],
              "late_total": 0, "divisions": [], "ready": []}
    if region is None or year.period is None or not year.periods:
        return result
    result.update(_own_level(scope, region, year))
    divisions = _divisions(scope, region, year)
    result["divisions"] = divisions
    result["ready"] = [d for d in divisions if d.ready]  # one item per division, a button per period
    result["divisions_late"] = sum(d.late for d in divisions)
    return result


def late_organisations(scope, region, year: Year, organisation=None) -> dict:
    """{period: [organisations]} of the region's subtree (or the one organisation) with no report received for a
    period past due, for reminders (a POST: one indexed query per period)."""
    from guifan.reporting.completeness import missing_queryset

    late = {}
    for period in year.past_due:
        qs = missing_queryset(period, region, scope, year.pack)
        if organisation is not None:
            qs = qs.filter(pk=organisation.pk)
        found = list(qs)
        if found:
            late[period] = found
    return late
