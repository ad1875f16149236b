"""Writing the sample figures: published region figures, the register's derived facts, then reported values."""

from __future__ import annotations

import datetime as dt
import json
import random
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guifan.core import bulk
from guifan.facts.derived import derive_facts
from guifan.facts.models import FactReport, Period, RegionFigure
from guifan.facts.register import existed_during, update_many
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.seeding.progress import bar
from guifan.seeding.sample_figures import Sampler, params, region_figure_values, split_over_periods


class SubYear:
    """The quarterly and monthly facts of the sample: each year's value split over the quarters or months the
    organisation (and its host unit) existed, written as sub-year reports in the state of the yearly ones."""

    def __init__(self, pack, year: int, seed: int):
        self.facts = [f for f in pack.reported_facts(None) if f.frequency != Period.Kind.YEARLY]
        self.year, self.seed = year, seed
        self.periods = {kind: _periods(kind, year) for kind in {f.frequency for f in self.facts}}
        self.spans = {}
        if self.facts:
            fields = ("pk", "founded_on", "dissolved_on", "host_unit__opened_on", "host_unit__closed_on")
            self.spans = {row[0]: row[1:] for row in Organisation.objects.values_list(*fields)}
        self.rows: dict[Period, list[tuple[int, dict]]] = {}

    def take(self, org_id: int, org_code: str, values: dict) -> dict:
        """The yearly values without the sub-year facts, which are kept for `write`."""
        if not self.facts:
            return values
        founded, dissolved, opened, closed = self.spans[org_id]
        rng = random.Random(f"guifan-subyear:{self.seed}:{org_code}:{self.year}")
        by_period: dict[Period, dict] = {}
        for fact in self.facts:
            if fact.code not in values:
                continue
            periods = [p for p in self.periods[fact.frequency]
                       if existed_during(founded, dissolved, p.start, p.end)
                       and existed_during(opened, closed, p.start, p.end)]
            for p, part in zip(periods, split_over_periods(fact, values.pop(fact.code), len(periods), rng),
                               strict=True):
                by_period.setdefault(p, {})[fact.code] = part
        for p, row in by_period.items():
            self.rows.setdefault(p, []).append((org_id, row))
        return values

    def write(self, state, submitted: bool, approved: bool, batch_size: int) -> int:
        periods = [p for kind in self.periods.values() for p in kind]
        FactReport.objects.filter(period__in=periods).delete()
        now = timezone.now()
        names = ("organisation", "period", "values", "derived", "evidence", "state", "submitted_at", "approved_at",
                 "returned_reason", "approval_level", "updated_at")
        reports = [(org_id, p.pk, row, {}, {}, state, on_time(p) if submitted else None,
                    on_time(p) if approved else None, "", "", now)
                   for p, rows in self.rows.items() for org_id, row in rows]
        bulk.insert(FactReport, names, reports, batch_size)
        return len(reports)


def sample_evidence(pack, values: dict, year: int) -> dict:
    """What a secretary writes for each ticked fact whose pack asks for proof (the form refuses to submit a ticked
    fact without it): the pack's name of the proof, filed for the year. Sample text, in the register's language."""
    asks = {code: fact.evidence for code, fact in pack.facts.items() if fact.evidence}
    asks.update({item["fact"]: item["evidence"] for checklist in pack.checklists.values()
                 for item in checklist["items"] if item.get("fact") and item.get("evidence")})
    return {code: f"{asks[code]['zh']}（{year}年，已存档）" for code, value in values.items()
            if value is True and code in asks}


def on_time(period: Period) -> dt.datetime:
    """Sample reports are submitted (and approved) at noon of the period's due day: on time."""
    return timezone.make_aware(dt.datetime.combine(period.due, dt.time(12)))


def _periods(kind: str, year: int) -> list[Period]:
    if kind == Period.Kind.QUARTERLY:
        return [Period.quarterly(year, q) for q in range(1, 5)]
    return [Period.monthly(year, m) for m in range(1, 13)]


@transaction.atomic
def seed_figures(pack, year: int, *, seed: int = 1, state: str = FactReport.State.APPROVED,
                 batch_size: int = 1000) -> dict:
    """Sample figures of `year` for every active organisation; sample data, so no FactChange history rows."""
    period = Period.yearly(year)
    sampler = Sampler(pack, seed)
    codes_by_level: dict[str, list[str]] = {}
    for code, level in Region.objects.current().values_list("code", "level"):
        codes_by_level.setdefault(level, []).append(code)
    figures = region_figure_values(seed, codes_by_level, year, sampler.year)
    regions = dict(Region.objects.filter(code__in={f[0] for f in figures}).values_list("code", "pk"))
    RegionFigure.objects.filter(period=period, code__in=list(params()["region_figures"])).delete()
    RegionFigure.objects.bulk_create([RegionFigure(region_id=regions[r], period=period, code=c, value=v, source=s)
                                      for r, c, v, s in figures], batch_size=batch_size)
    started = time.perf_counter()
    derive_facts(pack, period)
    derived_at = time.perf_counter()
    now = timezone.now()
    approved = state == FactReport.State.APPROVED
    submitted = state in (FactReport.State.SUBMITTED, FactReport.State.APPROVED)
    updates, count, sub_year = [], 0, SubYear(pack, year, seed)
    rows = list(FactReport.objects.filter(period=period).values_list("pk", "organisation_id", "organisation__code",
                                                                     "organisation__domain", "derived"))
    progress = bar(rows, total=len(rows), desc=_("%(year)s sample figures") % {"year": year},
                   unit=pgettext("progress bar unit", "organisations"))
    for pk, org_id, code, domain, derived in progress:
        values = sampler.values(code, domain, year, derived)
        count += len(values)
        values = sub_year.take(org_id, code, values)
        updates.append((pk, json.dumps(values, ensure_ascii=False),
                        json.dumps(sample_evidence(pack, values, year), ensure_ascii=False), state,
                        on_time(period) if submitted else None, on_time(period) if approved else None, now))
    progress.close()
    sampled_at = time.perf_counter()
    update_many(FactReport, updates, ["values", "evidence", "state", "submitted_at", "approved_at", "updated_at"])
    sub_year_reports = sub_year.write(state, submitted, approved, batch_size)
    return {"organisations": len(updates), "values": count, "region_figures": len(figures),
            "sub_year_reports": sub_year_reports,
            "derive_seconds": derived_at - started, "sample_seconds": sampled_at - derived_at,
            "write_seconds": time.perf_counter() - sampled_at}
