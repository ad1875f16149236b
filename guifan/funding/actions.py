"""Storing a year's official funding (M12): one atomic action writing the run, the organisations' rows and the
regions' rows in bulk (COPY on PostgreSQL), with its audit record. A what-if is never stored."""

from __future__ import annotations

import json
import time

from django.db import transaction
from django.utils import timezone

from guifan.core import audit, bulk
from guifan.core.models import ChangeLog

from . import engine
from .calculation import calculate
from .models import FundingRegion, FundingResult, FundingRun

INPUTS = ("stars", "stars_source", "rectification", "model_site", "members", "secretaries", "host_kind", "domain",
          "primary", "new_separate", "working", "county_code")


def _fen_json(row: dict, prefix: str, codes) -> str:
    return json.dumps({c: int(row[f"{prefix}|{c}"] or 0) for c in codes}, separators=(",", ":"))


@transaction.atomic
def compute_funding(year: int, user=None) -> FundingRun:
    """Compute `year` over the city from the stored results and store it as the year's official funding."""
    started = time.perf_counter()
    calc = calculate(year)
    funded = calc.funded()
    line_codes = [ln.code for ln in engine.lines(calc.rules)]
    payers = list(calc.rules.payers)
    run = FundingRun.objects.create(
        year=year, pack_version=calc.pack_version, assessment_run=calc.run, computed_at=timezone.now(), user=user,
        organisations=funded.height, total=engine.yuan(funded["total"].sum()), stars_from=calc.stars_from())
    rows = []
    for row in funded.iter_rows(named=True):
        rows.append((run.pk, row["id"], engine.yuan(row["total"]), _fen_json(row, "line", line_codes),
                     _fen_json(row, "payer", payers), json.dumps({k: row[k] for k in INPUTS}, separators=(",", ":"))))
    bulk.insert(FundingResult, ("run", "organisation", "total", "lines", "payers", "inputs"), rows,
                as_is=("lines", "payers", "inputs"))
    region_rows = [(run.pk, r["region_id"], r["level"], r["organisations"], engine.yuan(r["total"]),
                    _fen_json(r, "line", line_codes), _fen_json(r, "payer", payers))
                   for r in calc.regions().iter_rows(named=True)]
    bulk.insert(FundingRegion, ("run", "region", "level", "organisations", "total", "lines", "payers"), region_rows,
                as_is=("lines", "payers"))
    run.seconds = round(time.perf_counter() - started, 3)
    run.save(update_fields=["seconds"])
    audit.entry(run, ChangeLog.Action.RUN, user, related=calc.pack_version, source="funding", after={
        "year": year, "organisations": funded.height, "total": str(run.total), "stars_from": run.stars_from}).save()
    return run
