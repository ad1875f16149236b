"""The sample's reporting year as it would be lived: the year before the pack's closed (approved up to the city), the
pack's year in progress as on a day of its reporting season, every report in a state the approval chain of
guifan.reporting.actions can reach, with the events of its steps. Proportions and reasons: the `living_year` section
of data/sample-figures.yaml; which region gets which stage: `Layout` below (docs/sample-city.md, "The living year").

A report's stage names how far its region has gone, so that the chain rules hold by construction: `city`, `county`,
`township` (everything approved at that level, or at its first level when that is higher), `mixed` (each report
its own state, approved at most at its first level), `demo` (the demo township: nearly everything approved at
township level, some reports submitted and waiting for it, the demo organisation's own report to do).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from functools import cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guifan.core import bulk
from guifan.facts.models import FactReport, Period
from guifan.facts.register import update_many
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.reporting import completeness
from guifan.reporting.actions import LEVELS
from guifan.reporting.models import ReportEvent
from guifan.reporting.quality import check_rule, typed_values
from guifan.seeding.progress import bar
from guifan.seeding.sample_figures import params

S, A = FactReport.State, ReportEvent.Action
NOT_STARTED = "not_started"  # a draft with no values: the state a report is in before anyone opens it
TOWNSHIP, COUNTY, CITY = LEVELS
DAYS_TO_APPROVE = {TOWNSHIP: 2, COUNTY: 6, CITY: 10}  # after the report was submitted


def settings() -> dict:
    return params()["living_year"]


def stages(year: int) -> dict[str, str]:
    """{period code: stage} of the year in progress: earlier quarters and months further along than later ones."""
    spec = settings()["stages"]
    out = {Period.build(Period.Kind.YEARLY, year).code: spec["yearly"]}
    for kind, numbers in (("quarterly", range(1, 5)), ("monthly", range(1, 13))):
        for number in numbers:
            out[Period.build(kind, year, number).code] = spec[kind][number - 1]
    return out


@dataclass
class Layout:
    """Who is where in a living period: counties and townships of the sample given a stage, the demo's targets."""

    county_stage: dict[str, str] = field(default_factory=dict)    # county code -> stage
    township_stage: dict[str, str] = field(default_factory=dict)  # township code -> stage
    demo_township: str = ""
    demo_organisation: int | None = None

    @classmethod
    def of_register(cls) -> Layout:
        from guifan.seeding.demo import RegisterNotSeeded, demo_targets

        try:
            targets = demo_targets()
            demo_county, demo_township = targets["county"].code, targets["township"].code
            demo_org = targets["organisation"].pk
        except RegisterNotSeeded:
            demo_county = demo_township = ""
            demo_org = None
        by_county: dict[str, set[str]] = {}  # the counties and townships that have organisations
        levels = dict(Region.objects.values_list("code", "level"))
        for path in Organisation.objects.values_list("region__path", flat=True).distinct():
            county, township = _county_and_township(path, levels)
            if county:
                by_county.setdefault(county, set()).update([township] if township else [])
        return cls.plan(by_county, demo_county, demo_township, demo_org)

    @classmethod
    def plan(cls, by_county: dict[str, set[str]], demo_county: str = "", demo_township: str = "",
             demo_org: int | None = None) -> Layout:
        """The stages of `by_county` ({county code: township codes}) by the `layout` of the parameters."""
        layout = cls(demo_township=demo_township, demo_organisation=demo_org)
        spec = settings()["layout"]
        others = [c for c in sorted(by_county) if c != demo_county]
        for i, county in enumerate(others):
            layout.county_stage[county] = _nth(spec["counties"], i)
        if demo_county:
            layout.county_stage[demo_county] = "demo"
        for county, townships in by_county.items():
            order = spec["townships_of_demo_county"] if county == demo_county else spec["townships"]
            rest = sorted(t for t in townships if t != demo_township)
            for i, township in enumerate(rest):
                layout.township_stage[township] = _nth(order, i)
        if demo_township:
            layout.township_stage[demo_township] = "demo"
        return layout

    def stage(self, county: str, township: str) -> str:
        """The stage of a living period's report of an organisation registered in `township` of `county`."""
        county_stage = self.county_stage.get(county, "mixed")
        if county_stage in (CITY, COUNTY):
            return county_stage
        if not township:  # registered at the county itself
            return "county_demo" if county_stage == "demo" else "mixed"
        return self.township_stage.get(township, "mixed")


def _nth(order: list[str], i: int) -> str:
    """The i-th of a list whose last entry repeats."""
    return order[min(i, len(order) - 1)]


@dataclass
class Report:
    pk: int
    organisation_id: int
    code: str
    name: str
    chain: list[str]
    county: str
    township: str


@dataclass
class Step:
    """What a report became: its state, approval level, times, the events that led there."""

    state: str
    level: str = ""
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    reason: str = ""
    events: list = field(default_factory=list)  # (action, level, reason, time)
    clear: bool = False  # not started: the values are emptied


def _chain(level: str) -> list[str]:
    return list(LEVELS[LEVELS.index(level):]) if level in LEVELS else [CITY]


def _county_and_township(path: str, levels: dict[str, str]) -> tuple[str, str]:
    keys = [k for k in path.strip("/").split("/") if k]
    county = next((k for k in keys if levels.get(k) == COUNTY), "")
    return county, next((k for k in keys if levels.get(k) == TOWNSHIP), "")


def _reports(period: Period) -> list[Report]:
    levels = dict(Region.objects.values_list("code", "level"))
    out = []
    rows = FactReport.objects.filter(period=period).values_list(
        "pk", "organisation_id", "organisation__code", "organisation__name", "organisation__region__path",
        "organisation__region__level").order_by("organisation__code")
    for pk, org_id, code, name, path, level in rows:
        county, township = _county_and_township(path, levels)
        out.append(Report(pk, org_id, code, name, _chain(level), county, township))
    return out


@cache
def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@cache
def _stored(moment: dt.datetime | None):
    """A time as the database driver takes it (a few thousand distinct ones, each converted once)."""
    return connection.ops.adapt_datetimefield_value(moment) if moment is not None else None


def _submitted(rng: random.Random, period: Period, late_share: float) -> dt.datetime:
    """On time: up to 20 days before the deadline; late: up to 15 days after it. Never after today: a deadline still
    ahead has no late report yet."""
    today = timezone.localdate()
    overdue_days = min(15, (today - period.due).days)
    if overdue_days >= 1 and rng.random() < late_share:
        return _moment(period.due + dt.timedelta(days=rng.randint(1, overdue_days)), rng.randint(9, 17))
    return _moment(min(period.due, today) - dt.timedelta(days=rng.randint(1, 20)), rng.randint(9, 17))


def _after(at: dt.datetime, days: int) -> dt.datetime:
    """`days` after `at`, but not later than now (a report submitted yesterday was approved today at the latest)."""
    return min(at + dt.timedelta(days=days), timezone.now().replace(minute=0, second=0, microsecond=0))


def _stored_period(year: int, code: str) -> Period:
    """The stored period of a code of `stages` (created when the year's reports are not written yet)."""
    if len(code) == 4:
        return Period.of(Period.Kind.YEARLY, year)
    if "Q" in code:
        return Period.of(Period.Kind.QUARTERLY, year, int(code[5:]))
    return Period.of(Period.Kind.MONTHLY, year, int(code[4:]))


def set_season(year: int) -> list[Period]:
    """The living periods' deadlines in days from today (`living_year.deadline_in_days`), so that the demo's
    reporting season is now: its deadlines a few days ahead or just past, whatever day the demo is made. A deadline
    is the city's to set (Period.deadline); the periods already closed keep theirs. Set before the year's facts are
    derived: a meeting period whose deadline is ahead is not judged yet (guifan.facts.computers_meetings)."""
    spec, today = settings()["deadline_in_days"], timezone.localdate()
    living = [code for code, stage in stages(year).items() if stage == "living"]
    periods = sorted((_stored_period(year, code) for code in living), key=lambda p: (p.start, p.kind))
    months = iter(spec["monthly"])
    for period in periods:
        days = next(months) if period.kind == Period.Kind.MONTHLY else spec[period.kind]
        period.deadline = today + dt.timedelta(days=days)
    Period.objects.bulk_update(periods, ["deadline"])
    return periods


def _approved_to(rng, period, report: Report, level: str, late_share: float) -> Step:
    """Submitted, then approved level by level up to `level` (or the report's first level when that is higher)."""
    chain = report.chain
    top = level if level in chain else chain[0]
    at = _submitted(rng, period, late_share)
    step = Step(S.APPROVED, top, at, events=[(A.SUBMIT, "", "", at)])
    for one in chain[:chain.index(top) + 1]:
        step.approved_at = _after(at, DAYS_TO_APPROVE[one])
        step.events.append((A.APPROVE, one, "", step.approved_at))
    return step


def _own_state(rng, period, report: Report, shares: dict, late_share: float, reasons: list[str]) -> Step:
    """A report of a `mixed` region: not started, draft, submitted, returned, or approved at its first level."""
    pick, r = "approved", rng.random()
    for name, share in shares.items():
        if r < share:
            pick = name
            break
        r -= share
    if pick == NOT_STARTED:
        return Step(S.DRAFT, clear=True)
    if pick == "draft":
        return Step(S.DRAFT)
    if pick == "approved":
        return _approved_to(rng, period, report, report.chain[0], late_share)
    at = _submitted(rng, period, late_share)
    step = Step(S.SUBMITTED, submitted_at=at, events=[(A.SUBMIT, "", "", at)])
    if pick == "returned":
        reason = reasons[rng.randrange(len(reasons))]
        step.state, step.reason = S.RETURNED, reason
        step.events.append((A.RETURN, report.chain[0], reason, _after(at, 2)))
    return step


def step_of(stage: str, period: Period, report: Report, layout: Layout, seed: int) -> Step:
    rng = random.Random(f"guifan-living:{seed}:{report.code}:{period.code}")
    spec = settings()
    late = spec["late_share"]
    if stage == "living":
        if report.organisation_id == layout.demo_organisation:
            own = spec["demo_organisation"][period.kind]
            if own == NOT_STARTED:
                return Step(S.DRAFT, clear=True)
            if own == "draft":
                return Step(S.DRAFT)
            return _own_state(rng, period, report, {"returned": 1.0}, late, spec["demo_organisation"]["reasons"])
        stage = layout.stage(report.county, report.township) if report.county else "city_units"
        if stage in ("demo", "county_demo"):
            if rng.random() < spec["waiting_in_demo_region"]:
                return _own_state(rng, period, report, {"submitted": 1.0}, late, [])
            stage = TOWNSHIP if stage == "demo" else COUNTY
        elif stage in ("mixed", "city_units"):
            shares = spec["mixed_later" if period.kind != Period.Kind.MONTHLY or period.number == 12
                          else "mixed_earlier"]
            return _own_state(rng, period, report, shares, late, spec["reasons"])
    if stage == "closed":
        stage = CITY
    return _approved_to(rng, period, report, stage, late)


@dataclass
class Planted:
    """A validation failure left in a draft on purpose: the organisation, the rule's message with the values read."""

    report: int
    organisation: str
    period: str
    rule: str
    message: str


def plant_failures(pack, period: Period, drafts: list[tuple[Report, str]], values: dict[int, dict]) -> list:
    """Breaks the rules named in `living_year.planted` in the first drafts (by organisation code) that report
    both sides of it; `values` (report pk -> reported values) is changed in place."""
    from django.utils import translation

    planted = []
    taken = set()
    for spec in settings()["planted"]:
        rule = next(r for r in pack.validation_rules if r.id == spec["rule"])
        left, right = rule.left.code, rule.right.code
        count = 0
        for report, domain in drafts:
            row = values.get(report.pk) or {}
            if count == spec["count"] or report.pk in taken or domain not in rule.domains:
                continue
            if left not in row or right not in row:
                continue
            row[right] = round(row[right])  # whole figures, so that the message reads plainly
            row[left] = row[right] + spec["by"]
            with translation.override("zh-hans"):
                issue = check_rule(pack, rule, typed_values(pack, row))
            planted.append(Planted(report.pk, report.name, period.code, rule.id, issue.message))
            taken.add(report.pk)
            count += 1
    return planted


@transaction.atomic
def live(pack, year: int, *, closed: bool, seed: int = 1, batch_size: int = 5000) -> dict:
    """Lays out the states of `year`'s reports (closed: all approved up to the city; else the living year), writes
    their events and the stored completeness counts; returns {"reports", "events", "planted": [Planted]}."""
    layout = Layout.of_register()
    by_period = stages(year)
    if not closed:
        set_season(year)
    periods = list(Period.objects.filter(year=year, code__in=list(by_period)).order_by("start", "kind"))
    ReportEvent.objects.filter(report__period__in=periods).delete()
    events, planted, count = [], [], 0
    for period in bar(periods, desc=_("%(year)s reports and their approvals") % {"year": year},
                      unit=pgettext("progress bar unit", "periods")):
        stage = "closed" if closed else by_period[period.code]
        reports = _reports(period)
        steps = [(r, step_of(stage, period, r, layout, seed)) for r in reports]
        changed = {}
        if not closed and period.kind == Period.Kind.YEARLY:
            drafts = [r for r, s in steps if s.state == S.DRAFT and not s.clear
                      and r.organisation_id != layout.demo_organisation]
            domains = dict(FactReport.objects.filter(pk__in=[r.pk for r in drafts]).values_list(
                "pk", "organisation__domain"))
            rows = dict(FactReport.objects.filter(pk__in=[r.pk for r in drafts]).values_list("pk", "values"))
            found = plant_failures(pack, period, [(r, domains[r.pk]) for r in drafts], rows)
            planted += found
            changed.update({p.report: rows[p.report] for p in found})
        cleared = {r.pk for r, s in steps if s.clear}
        update_many(FactReport, [(pk, json.dumps(v, ensure_ascii=False)) for pk, v in changed.items()
                                 if pk not in cleared], ["values"])
        update_many(FactReport, [(pk, "{}", "{}") for pk in cleared], ["values", "evidence"])
        update_many(FactReport, [(r.pk, s.state, s.level, _stored(s.submitted_at), _stored(s.approved_at), s.reason)
                                 for r, s in steps],
                    ["state", "approval_level", "submitted_at", "approved_at", "returned_reason"])
        events += [(r.pk, action, level, reason, _stored(time)) for r, s in steps
                   for action, level, reason, time in s.events]
        count += len(steps)
    names = ("report", "action", "level", "reason", "time")
    bulk.insert(ReportEvent, names, events, batch_size, as_is=names)  # the values are the driver's already
    completeness.rebuild(periods)
    return {"reports": count, "events": len(events), "planted": planted}


def rule_failures(pack, period: Period) -> list[Planted]:
    """Every report of `period` whose values break a validation rule of the pack (in Chinese), by organisation code:
    the planted failures, and nothing else when the sample is right."""
    from django.utils import translation

    found = []
    rules = [r for r in pack.validation_rules if r.frequency == period.kind]
    rows = (FactReport.objects.filter(period=period).exclude(values={})
            .values_list("pk", "organisation__name", "organisation__domain", "values", "derived")
            .order_by("organisation__code"))
    with translation.override("zh-hans"):
        for pk, name, domain, values, derived in rows:
            row = typed_values(pack, {**derived, **values})
            for rule in rules:
                issue = check_rule(pack, rule, row) if domain in rule.domains else None
                if issue:
                    found.append(Planted(pk, name, period.code, rule.id, issue.message))
    return found
