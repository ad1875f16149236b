"""Reporting periods of a year: parsing codes, labels, and the periods an organisation reports in.

A pack's facts are yearly, quarterly or monthly (`Fact.frequency`); an organisation is expected to report a period
of each frequency its domain has facts of, for the periods it existed in (even a day of them): one that was founded
in July reports the months from July and the quarters from the third.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.translation import gettext as _

from guifan.facts.models import FactReport, Period
from guifan.facts.register import existed_during
from guifan.orgs.models import Organisation

CODE = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2]))?$")
NUMBERS = {Period.Kind.YEARLY: (0,), Period.Kind.QUARTERLY: range(1, 5), Period.Kind.MONTHLY: range(1, 13)}


def parse(code: str) -> Period | None:
    """The (unsaved) period of a code — 2018, 2018Q3, 201807 — or None."""
    found = CODE.match(code or "")
    if not found:
        return None
    year = int(found["year"])
    if found["quarter"]:
        return Period.build(Period.Kind.QUARTERLY, year, int(found["quarter"]))
    if found["month"]:
        return Period.build(Period.Kind.MONTHLY, year, int(found["month"]))
    return Period.build(Period.Kind.YEARLY, year)


def open_periods(pack) -> list[Period]:
    """Stores every period of the years the pack is in effect, of the frequencies it has facts of (idempotent).
    Run when a pack is loaded (`standards.signals.pack_loaded`) and when a year's facts are derived, so that pages
    only ever read periods and never create them."""
    start, end = (int(str(pack.effective[k])[:4]) for k in ("from", "to"))
    wanted = [p for year in range(start, end + 1) for p in periods_of(year, pack.frequencies)]
    have = set(Period.objects.filter(code__in=[p.code for p in wanted]).values_list("code", flat=True))
    Period.objects.bulk_create([p for p in wanted if p.code not in have], ignore_conflicts=True)
    return wanted


def on_pack_loaded(sender, *, pack, **kwargs) -> None:
    open_periods(pack)


def frequency_name(kind: str) -> str:
    """A period kind as a word in a sentence: yearly, quarterly, monthly (年度, 季度, 月度)."""
    return str(Period.Kind(kind).label).lower()


def label(period: Period) -> str:
    if period.kind == Period.Kind.QUARTERLY:
        return _("Q%(n)s") % {"n": period.number}
    if period.kind == Period.Kind.MONTHLY:
        return _("Month %(n)s") % {"n": period.number}
    return _("Year %(n)s") % {"n": period.year}


def title(period: Period) -> str:
    """The period as a reader says it (`Period.label`): 2018年度, 2018年第3季度, 2018年7月."""
    return period.label


def periods_of(year: int, kinds) -> list[Period]:
    """Every period (unsaved, with stored ones' codes equal) of `year` of the given kinds, yearly first."""
    return [Period.build(kind, year, number) for kind in Period.Kind.values if kind in kinds
            for number in NUMBERS[kind]]


def not_asked(org, year: int, pack, keeping: set[int] | None = None) -> set[str]:
    """The typed figures an organisation is not asked for `year` because it keeps the records they are derived from:
    its meetings (guifan.meetings.selectors: a meeting held that year recorded for it or one of its party groups;
    `keeping`: the pks keeping meeting records, when already read for many) and its dues (a member of its subtree
    with the year's dues set, guifan.dues). Its facts are then derived from the records."""
    from guifan.dues.selectors import keeping as keeping_dues
    from guifan.facts.derived import typed_dues_facts, typed_meeting_facts
    from guifan.meetings.selectors import keeps_records

    left_out = set()
    codes = typed_meeting_facts(pack)
    if codes and (org.pk in keeping if keeping is not None else keeps_records(org, year)):
        left_out |= codes
    codes = {c for c in typed_dues_facts(pack) if org.domain in pack.facts[c].domains}
    if codes and keeping_dues(year, Organisation.objects.filter(path__startswith=org.path).values("pk")):
        left_out |= codes
    return left_out


def asked_of_keeping(pack, domain: str) -> set[str]:
    """The frequencies an organisation of `domain` that keeps meeting records still reports at: those of its facts
    other than the typed meeting figures (`not_asked`)."""
    from guifan.facts.derived import typed_meeting_facts

    left_out = typed_meeting_facts(pack)
    return {f.frequency for f in pack.reported_facts(None) if domain in f.domains and f.code not in left_out}


def reporting_periods(org, year: int, pack, keeping: set[int] | None = None) -> list[Period]:
    """The periods of `year` the organisation reports in: the pack's frequencies for its domain (of the facts it
    is asked, see `not_asked`), and only the periods it (and its host unit) existed in."""
    left_out = not_asked(org, year, pack, keeping)
    kinds = {f.frequency for f in pack.reported_facts(None) if org.domain in f.domains and f.code not in left_out}
    unit = org.host_unit if org.host_unit_id else None
    return [p for p in periods_of(year, kinds)
            if existed_during(org.founded_on, org.dissolved_on, p.start, p.end)
            and (unit is None or existed_during(unit.opened_on, unit.closed_on, p.start, p.end))]


def strip(org, period: Period, pack, states: dict | None = None, keeping: set[int] | None = None) -> list[dict]:
    """The organisation's reports of the period's year, for the navigation above a report: each period's label,
    code, link, state (None: not started) and whether it is the one shown. `states`: {period code: state} of the
    organisation's reports of the year, `keeping` the organisations keeping meeting records, when already read
    (see `strips`)."""
    periods = reporting_periods(org, period.year, pack, keeping)
    if len(periods) < 2:
        return []
    if states is None:
        states = dict(FactReport.objects.filter(organisation=org, period__code__in=[p.code for p in periods])
                      .values_list("period__code", "state"))
    names = dict(FactReport.State.choices)
    return [{"code": p.code, "label": label(p), "kind": p.kind, "state": states.get(p.code),
             "state_label": names.get(states.get(p.code), _("Not started")), "current": p.code == period.code,
             "url": reverse("reporting:report", args=[org.pk, p.code])} for p in periods]


def strips(orgs, period: Period, pack) -> dict[int, list[dict]]:
    """`strip` of each organisation, with one query for all their reports of the year."""
    states: dict[int, dict] = {org.pk: {} for org in orgs}
    rows = FactReport.objects.filter(organisation__in=list(states), period__year=period.year)
    for org_id, code, state in rows.values_list("organisation_id", "period__code", "state"):
        states[org_id][code] = state
    from guifan.meetings.selectors import keeping_records

    keeping = keeping_records(states, period.year)
    return {org.pk: strip(org, period, pack, states[org.pk], keeping) for org in orgs}


def region_strip(region, period: Period, pack) -> list[dict]:
    """The periods of the year for a region's completeness page (no states: each page counts its own)."""
    return [{"code": p.code, "label": label(p), "kind": p.kind, "state": None, "state_label": "",
             "current": p.code == period.code, "url": reverse("reporting:completeness", args=[p.code, region.code])}
            for p in periods_of(period.year, pack.frequencies)] if len(pack.frequencies) > 1 else []
