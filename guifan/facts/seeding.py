"""Writing the sample figures: published region figures, the register's derived facts, then reported values."""

from __future__ import annotations

import json
import time

from django.db import transaction
from django.utils import timezone

from guifan.facts.derived import derive_facts
from guifan.facts.models import FactReport, Period, RegionFigure
from guifan.facts.register import update_many
from guifan.facts.sample import Sampler, params, region_figure_values
from guifan.regions.models import Region


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
    updates, count = [], 0
    rows = FactReport.objects.filter(period=period).values_list("pk", "organisation__code", "organisation__domain",
                                                                "derived")
    for pk, code, domain, derived in rows:
        values = sampler.values(code, domain, year, derived)
        count += len(values)
        updates.append((pk, json.dumps(values, ensure_ascii=False), state, now if submitted else None,
                        now if approved else None, now))
    sampled_at = time.perf_counter()
    update_many(FactReport, updates, ["values", "state", "submitted_at", "approved_at", "updated_at"])
    return {"organisations": len(updates), "values": count, "region_figures": len(figures),
            "derive_seconds": derived_at - started, "sample_seconds": sampled_at - derived_at,
            "write_seconds": time.perf_counter() - sampled_at}
