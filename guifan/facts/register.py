"""The register as at a period, loaded with a handful of grouped queries (never one query per organisation)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When

from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.members.models import GONE_STATUSES, Member
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region

ORG_FIELDS = ("pk", "path", "kind", "parent_id", "host_unit_id", "domain", "setup", "is_regional", "founded_on",
              "term_start", "term_end", "region_id", "dissolved_on", "code")
UNIT_FIELDS = ("pk", "kind", "parent_id", "headcount", "is_poor_village", "is_substantive", "is_window_unit",
               "region_id", "opened_on", "closed_on")
GONE = GONE_STATUSES  # a member in transit stays counted in the sending organisation until accepted


def existed_on(founded, ended, day: dt.date) -> bool:
    """Open on `day`: founded (or opened) on or before it, not dissolved (or closed) on or before it."""
    return (founded is None or founded <= day) and (ended is None or ended > day)


def existed_during(founded, ended, start: dt.date, end: dt.date) -> bool:
    """Existed some part of [start, end]: founded by its end, not dissolved before its start (the completeness rule:
    a unit is expected for a period it existed in, even for a day)."""
    return (founded is None or founded <= end) and (ended is None or ended >= start)


def month_spans(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of every calendar month from `start`'s to `end`'s."""
    spans, day = [], start.replace(day=1)
    while day <= end:
        following = day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)
        spans.append((day, following - dt.timedelta(days=1)))
        day = following
    return spans


@dataclass
class Register:
    """Rows of the register as plain tuples/dicts keyed by primary key; enough for every derived fact and the frame."""

    start: dt.date
    end: dt.date
    orgs: dict[int, dict] = field(default_factory=dict)  # every organisation (for history), by pk
    units: dict[int, dict] = field(default_factory=dict)
    regions: dict[int, dict] = field(default_factory=dict)
    hosted: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # unit -> orgs it hosts
    joint: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # unit -> joint orgs covering it
    unit_children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    org_children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    own_counts: dict[int, dict] = field(default_factory=dict)  # org -> its own members' counters
    unit_counts: dict[int, dict] = field(default_factory=dict)  # unit -> counters of the members working in it

    def active_orgs(self, day: dt.date | None = None) -> list[dict]:
        day = day or self.end
        return [o for o in self.orgs.values() if existed_on(o["founded_on"], o["dissolved_on"], day)]

    def org_active(self, org: dict, day: dt.date) -> bool:
        return existed_on(org["founded_on"], org["dissolved_on"], day)

    def unit_open(self, unit: dict, day: dt.date | None = None) -> bool:
        return existed_on(unit["opened_on"], unit["closed_on"], day or self.end)

    def region_codes(self, region_id: int) -> dict:
        """{township, county, city} codes from the region's path (/city/county/township/)."""
        return self.regions[region_id]["codes"]


def _one_organisation(organisation: Organisation):
    """The rows one organisation's derived facts read: its host unit and the units below it (a few levels, one
    query each), the organisation's subtree and the organisations those units host or a joint organisation
    covering them."""
    units, level = [organisation.host_unit_id], [organisation.host_unit_id]
    while level:
        level = list(HostUnit.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        units += level
    joint = Organisation.covered_units.through.objects.filter(hostunit_id__in=units).values("organisation_id")
    org_qs = Organisation.objects.filter(Q(path__startswith=organisation.path) | Q(host_unit_id__in=units)
                                         | Q(pk__in=joint))
    return org_qs, HostUnit.objects.filter(pk__in=units)


def load_register(start: dt.date, end: dt.date, region: Region | None = None, *, members: bool = True,
                  working: bool = False, recruited_years: tuple[int, ...] = (),
                  organisation: Organisation | None = None) -> Register:
    """The register as at [start, end]; with `members`, each organisation's member counters, among them
    `recruited_N`: members admitted in the N years up to `end`, for each N of `recruited_years`; with `members` or
    `working`, the counters of the members working in each unit (`Member.work_unit`). With `organisation`, only
    what that one organisation's derived facts read (its subtree, its host unit and the units below it)."""
    reg = Register(start=start, end=end)
    org_qs = Organisation.objects.all()
    unit_qs = HostUnit.objects.all()
    if organisation is not None:
        org_qs, unit_qs = _one_organisation(organisation)
    elif region is not None:
        org_qs = org_qs.filter(region__path__startswith=region.path)
        unit_qs = unit_qs.filter(region__path__startswith=region.path)
    for row in org_qs.values(*ORG_FIELDS):
        reg.orgs[row["pk"]] = row
        if row["parent_id"]:
            reg.org_children[row["parent_id"]].append(row["pk"])
    for row in unit_qs.values(*UNIT_FIELDS):
        reg.units[row["pk"]] = row
        if row["parent_id"]:
            reg.unit_children[row["parent_id"]].append(row["pk"])
    levels = {}
    for row in Region.objects.values("pk", "code", "level", "path"):
        levels[row["code"]] = row["level"]
        reg.regions[row["pk"]] = row
    for row in reg.regions.values():
        codes = dict.fromkeys(LEVELS_BOTTOM_UP)
        for code in row["path"].strip("/").split("/"):
            codes[levels.get(code, "")] = code
        row["codes"] = {k: codes[k] for k in LEVELS_BOTTOM_UP}
    for org in reg.orgs.values():
        reg.hosted[org["host_unit_id"]].append(org["pk"])
    through = Organisation.covered_units.through.objects.all()
    if organisation is not None:
        through = through.filter(hostunit_id__in=list(reg.units))
    elif region is not None:
        through = through.filter(organisation__region__path__startswith=region.path)
    for org_id, unit_id in through.values_list("organisation_id", "hostunit_id"):
        if org_id in reg.orgs:
            reg.joint[unit_id].append(org_id)
    if members:
        _count_members(reg, org_qs, recruited_years)
    if members or working:
        _count_working(reg, unit_qs, recruited_years)
    return reg


def _windows(reg: Register, recruited_years: tuple[int, ...]) -> dict:
    return {f"recruited_{years}": Case(
        When(Q(joined_on__gt=reg.end.replace(year=reg.end.year - years), joined_on__lte=reg.end), then=Value(1)),
        default=Value(0), output_field=IntegerField()) for years in recruited_years}


def _count_members(reg: Register, org_qs, recruited_years: tuple[int, ...]) -> None:
    """One grouped query: members per organisation by category, status and recruited-in-each-window."""
    windows = _windows(reg, recruited_years)
    rows = (Member.objects.filter(organisation__in=org_qs.values("pk"))
            .exclude(status__in=GONE).filter(joined_on__lte=reg.end)
            .values("organisation_id", "category", "status").annotate(**windows).annotate(n=Count("id"))
            .values_list("organisation_id", "category", "status", "n", *windows))
    for org_id, category, status, n, *recruited in rows:
        _add(reg.own_counts, org_id, windows, category, status, n, recruited)


def _count_working(reg: Register, unit_qs, recruited_years: tuple[int, ...]) -> None:
    """One grouped query: the members working in each unit, by category, status and recruited-in-each-window."""
    windows = _windows(reg, recruited_years)
    working = (Member.objects.filter(work_unit__in=unit_qs.values("pk")).exclude(status__in=GONE)
               .filter(joined_on__lte=reg.end).values("work_unit_id", "category", "status").annotate(**windows)
               .annotate(n=Count("id")).values_list("work_unit_id", "category", "status", "n", *windows))
    for unit_id, category, status, n, *recruited in working:
        _add(reg.unit_counts, unit_id, windows, category, status, n, recruited)


def _add(table: dict, key: int, windows: dict, category: str, status: str, n: int, recruited) -> None:
    c = table.setdefault(key, {"members": 0, "full": 0, "flowing": 0, **dict.fromkeys(windows, 0)})
    c["members"] += n
    c["full"] += n if category == Member.Category.FULL else 0
    c["flowing"] += n if status == Member.Status.FLOWING else 0
    for name, is_recruited in zip(windows, recruited, strict=True):
        c[name] += n * is_recruited


def subtree_totals(reg: Register) -> dict[int, dict]:
    """Each organisation's counters summed over its subtree (from the materialised paths, in memory)."""
    totals: dict[int, dict] = {}
    for org_id, counts in reg.own_counts.items():
        org = reg.orgs.get(org_id)
        if org is None:
            continue
        for part in org["path"].strip("/").split("/"):
            acc = totals.setdefault(int(part), dict.fromkeys(counts, 0))
            for key, n in counts.items():
                acc[key] += n
    return totals


def update_many(model, rows: list[tuple], fields: list[str]) -> None:
    """UPDATE model SET fields… WHERE pk = … for many rows at once (executemany: far faster than bulk_update's CASE
    expressions). `rows` are (pk, value, …) with JSON values already encoded as text."""
    from django.db import connection

    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(model._meta.get_field(f).column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])
