"""The computers of the facts derived from organisational life (declared in guifan/standards/computers.py,
"organisational life records"): each organisation's months, quarters or year short of the pack's meeting kinds.

Compliance is judged per period as the pack's kind says: `every: month, at_least: 1` means every month the
organisation existed (a part month counting), not twelve in a year; a meeting of a kind with a `quorum` counts only
when more than that share of the members with a vote attended. An organisation that keeps records for the year (see
guifan.meetings.selectors) is judged on them alone; one that keeps none on its typed figures of the kind (`typed`, a
reported fact of the pack): a period the organisation existed in without a typed value is unknown (None).

Only the periods that are over are judged: a month (quarter, year) not ended today, or whose reporting deadline is
still ahead, may yet see its meeting; an organisation whose every period is still open is not judged on the kind
(None), neither passed nor failed.

Records and typed figures are read in bulk, once per derivation (`Deriver.loaded`): one grouped query over the
meetings of the derivation's organisations, one query per report frequency for the typed figures, one grouped query
over the committee posts (a kind with `due_when: committee` is due where a committee is recorded).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from guifan.facts.models import Period
from guifan.facts.register import existed_during, month_spans
from guifan.facts.typed_figures import load_typed, typed_codes
from guifan.meetings.selectors import monthly_counts
from guifan.members.models import Post
from guifan.orgs.models import Organisation
from guifan.standards.computers import COMPUTERS

K = Organisation.Kind
implementation = COMPUTERS.implementation
FREQUENCY_OF = {"month": Period.Kind.MONTHLY, "quarter": Period.Kind.QUARTERLY, "year": Period.Kind.YEARLY}


# --- periods ----------------------------------------------------------------------------------------------------------
def period_of(every: str, month: int) -> int:
    """The number of the month's period: the month itself, its quarter, or 1 for the year."""
    return month if every == "month" else (month - 1) // 3 + 1 if every == "quarter" else 1


@functools.lru_cache(maxsize=64)
def period_spans(every: str, year: int) -> dict[int, tuple[dt.date, dt.date]]:
    """{period number: (first day, last day)} of the year's months, quarters or the year itself."""
    months = month_spans(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if every == "month":
        return {i + 1: span for i, span in enumerate(months)}
    if every == "quarter":
        return {q: (months[3 * q - 3][0], months[3 * q - 1][1]) for q in range(1, 5)}
    return {1: (months[0][0], months[-1][1])}


@functools.lru_cache(maxsize=4096)
def periods_existed(every: str, year: int, *lives) -> tuple[int, ...]:
    """The periods of the year in which every one of `lives` ((founded, ended) pairs, None: open) existed."""
    return tuple(n for n, (start, end) in period_spans(every, year).items()
                 if all(existed_during(founded, ended, start, end) for founded, ended in lives))


def short_periods(kind, held: dict[int, int], existed) -> list[int]:
    """The periods (of `existed`) with fewer than the kind's `at_least` meetings that count (`held`: {month: n})."""
    by_period: dict[int, int] = defaultdict(int)
    for month, n in held.items():
        by_period[period_of(kind.every, month)] += n
    return [p for p in existed if by_period.get(p, 0) < kind.at_least]


# --- what a derivation loads once -------------------------------------------------------------------------------------
class Records:
    """The meetings of the derivation's organisations in its year, by organisation and kind: per month, how many
    were held, how many count and how many have a preparation record."""

    def __init__(self, rows):
        self.counting: dict = defaultdict(lambda: defaultdict(dict))
        self.meetings: dict = defaultdict(lambda: defaultdict(int))
        self.prepared: dict = defaultdict(lambda: defaultdict(int))
        self.keeping: set[int] = set()
        for org_id, kind, meetings, prepared, *by_month in rows:
            self.keeping.add(org_id)
            self.counting[org_id][kind] = {month: n for month, n in enumerate(by_month, start=1) if n}
            self.meetings[org_id][kind] = meetings
            self.prepared[org_id][kind] = prepared


def _load_records(d) -> Records:
    quorums = {k.code: k.quorum for k in d.pack.meetings}
    return Records(monthly_counts(d.period.start, d.period.end, quorums, organisations=d.only,
                                  region_path=d.region_path) if quorums else [])


def _load_typed(d) -> dict:
    """{(organisation id, code): {period number: value}} of the typed meeting figures of the year's reports."""
    return load_typed(d, typed_codes(d.pack, d.facts.values(), "meetings"))


# --- the computers ----------------------------------------------------------------------------------------------------
def _life(row: dict) -> tuple:
    return row["founded_on"], row["dissolved_on"]


def _groups(d, org) -> list[dict]:
    return [d.reg.orgs[c] for c in d.reg.org_children.get(org["pk"], ()) if d.reg.orgs[c]["kind"] == K.GROUP]


def keeps_records(d, org) -> bool:
    """The organisation or one of its party groups recorded a meeting held in the derivation's year."""
    records = d.loaded("meetings", _load_records)
    return org["pk"] in records.keeping or any(g["pk"] in records.keeping for g in _groups(d, org))


def _lives(org, unit) -> list[tuple]:
    return [_life(org)] + ([(unit["opened_on"], unit["closed_on"])] if unit else [])


def open_periods(year: int) -> dict[str, set[int]]:
    """{every: period numbers} of the year's periods not over yet: not ended today, or with their reporting
    deadline (Period.deadline) still ahead. A meeting may yet be held in them: they are not short."""
    today = timezone.localdate()
    found = {every: {n for n, (_start, end) in period_spans(every, year).items() if end >= today}
             for every in FREQUENCY_OF}
    every_of = {kind: every for every, kind in FREQUENCY_OF.items()}
    for kind, number in Period.objects.filter(year=year, deadline__gte=today).values_list("kind", "number"):
        found[every_of[kind]].add(number or 1)
    return found


def periods_over(existed: tuple[int, ...], still_open: set[int]) -> tuple[int, ...] | None:
    """The periods of `existed` that are over, None when the organisation existed only in periods still open (its
    kind is not due yet: not a pass, not a failure)."""
    over = tuple(p for p in existed if p not in still_open)
    return None if existed and not over else over


def judged_periods(d, every: str, existed: tuple[int, ...]) -> tuple[int, ...] | None:
    return periods_over(existed, d.loaded("open_periods", lambda d: open_periods(d.period.year))[every])


def _typed_short(d, org, unit, kind, typed: str):
    """Periods short by the typed figures, None when a period the organisation existed in has no value."""
    fact = d.pack.facts.get(typed)
    if fact is None or fact.frequency != FREQUENCY_OF[kind.every]:
        return None
    values = d.loaded("typed_meetings", _load_typed).get((org["pk"], typed))
    if not values:
        return None  # nothing typed: unknown (an active organisation existed in some period)
    judged = judged_periods(d, kind.every, periods_existed(kind.every, d.period.year, *_lives(org, unit)))
    if judged is None:
        return None
    short = 0
    for period in judged:
        value = values.get(period)
        if value is None:
            return None
        if fact.type == "boolean" and kind.at_least > 1:
            return None  # a yes/no cannot tell whether the kind was held often enough
        short += value < (1 if fact.type == "boolean" else kind.at_least)
    return short


@implementation("meeting_periods_short")
def meeting_periods_short(d, org, unit, fact, kind, typed):
    mk = d.pack.meetings.kinds.get(kind) if d.pack.meetings else None
    if org is None or mk is None or not mk.every or org["kind"] == K.GROUP:
        return None
    by_groups = org["kind"] not in mk.held_by and K.GROUP in mk.held_by
    if not by_groups and not mk.holds(org["kind"], org["domain"]):
        return None
    if not keeps_records(d, org):
        return _typed_short(d, org, unit, mk, typed) if typed else None
    records = d.loaded("meetings", _load_records)
    if not by_groups:
        existed = judged_periods(d, mk.every, periods_existed(mk.every, d.period.year, *_lives(org, unit)))
        return None if existed is None else len(short_periods(mk, records.counting[org["pk"]][kind], existed))
    worst = None
    for group in _groups(d, org):
        existed = judged_periods(d, mk.every, periods_existed(mk.every, d.period.year, *_lives(org, unit),
                                                              _life(group)))
        if existed:
            short = len(short_periods(mk, records.counting[group["pk"]][kind], existed))
            worst = short if worst is None else max(worst, short)
    return worst  # no party group in the year: nothing to judge


def committee_day(d) -> dt.date:
    """The day a derivation reads the recorded committees on: the period's end, or today while it runs."""
    return min(d.period.end, timezone.localdate())


def _load_committees(d) -> set[int]:
    """The organisations of the derivation with a committee recorded on committee_day: at least the pack's
    `committee.min_members` members holding its posts that day. One grouped query."""
    rules = d.pack.committee
    if rules is None:
        return set()
    day = committee_day(d)
    rows = Post.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), post__in=list(rules.posts),
                               started_on__lte=day)
    if d.only is not None:
        rows = rows.filter(organisation_id__in=d.only)
    elif d.region_path:
        rows = rows.filter(organisation__region__path__startswith=d.region_path)
    holders = rows.values("organisation_id").annotate(n=Count("member_id", distinct=True))
    return {row["organisation_id"] for row in holders if rules.is_recorded(row["n"])}


def has_committee(d, org) -> bool:
    """The organisation has a committee recorded (guifan/standards/committee_rules.py)."""
    return org["pk"] in d.loaded("committees", _load_committees)


@implementation("meeting_due")
def meeting_due(d, org, unit, fact, kind):
    """Due by the kind's rule; a kind with `due_when: committee` is due where a committee is recorded, and by the
    member count (min_full_members) where none is."""
    mk = d.pack.meetings.kinds.get(kind) if d.pack.meetings else None
    if org is None or mk is None:
        return None
    recorded = mk.due_when == "committee" and has_committee(d, org)
    return mk.is_due_for(org["kind"], org["domain"], d.counts(org)["full"], committee=recorded)


@implementation("lectures_prepared")
def lectures_prepared(d, org, unit, fact, kind, typed):
    if org is None or org["kind"] == K.GROUP:
        return None
    if not keeps_records(d, org):
        if not typed:
            return None
        values = d.loaded("typed_meetings", _load_typed).get((org["pk"], typed), {})
        return None if values.get(1) is None else values[1] >= 1
    records = d.loaded("meetings", _load_records)
    held = records.meetings[org["pk"]].get(kind, 0)
    return held > 0 and records.prepared[org["pk"]].get(kind, 0) == held
