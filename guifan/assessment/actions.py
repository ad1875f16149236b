"""Running an assessment: the register's figures for a year → the engine → stored results, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from guifan.assessment import results, run_frames
from guifan.assessment.engine import vectorised
from guifan.assessment.frame import build_frame, input_hash
from guifan.assessment.models import AssessmentRun, OrganisationResult, RegionResult
from guifan.assessment.whatif import apply_overrides
from guifan.core import audit, bulk
from guifan.core.models import ChangeLog
from guifan.regions.models import Region

STAGES = ("pack", "frame", "engine", "rows", "write")


class Stopwatch:
    """Seconds per stage, reported to `progress(stage, fraction_done)` as each stage ends."""

    def __init__(self, progress: Callable[[str, float], None] | None):
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.started = time.perf_counter()

    def done(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self.started, 3)
        self.started = now
        if self.progress:
            self.progress(stage, (STAGES.index(stage) + 1) / len(STAGES))


def default_pack_version(year: int | None = None, pack_id: str | None = None):
    """The latest stored version of `pack_id`, else the latest pack in effect in `year`, else the shipped default
    (loaded on first use)."""
    from guifan.standards import selectors
    from guifan.standards.models import PackVersion

    if pack_id:
        try:
            return selectors.latest_pack_version(pack_id)
        except PackVersion.DoesNotExist:
            return selectors.ensure_shipped_pack_loaded(pack_id)
    if year is not None:
        try:
            return selectors.pack_for_year(year)
        except PackVersion.DoesNotExist:
            pass
    return selectors.ensure_shipped_pack_loaded()


ORG_FIELDS = ("run", "organisation", "total", "stars", "rectification", "pillar_scores", "verdicts")
REGION_FIELDS = ("run", "region", "level", "organisations", "rectification_candidates", "criteria", "stars", "rollups",
                 "coverage")


def _write(run, organisations, region_rows: list[dict]) -> None:
    """The run's results in bulk (COPY on PostgreSQL, executemany elsewhere), not one INSERT per row; the JSON of
    the organisation rows is already text (see results.organisation_table)."""
    bulk.insert(OrganisationResult, ORG_FIELDS, [(run.pk, *row) for row in organisations.iter_rows()],
                as_is=("pillar_scores", "verdicts"))
    region_pk = dict(Region.objects.filter(code__in={r["code"] for r in region_rows}).values_list("code", "pk"))
    bulk.insert(RegionResult, REGION_FIELDS, [(run.pk, region_pk[r["code"]], *(r[n] for n in REGION_FIELDS[2:]))
                                              for r in region_rows if r["code"] in region_pk])


def run_assessment(year: int, *, pack_version=None, approved_only: bool = False, user=None, overrides=None,
                   official: bool = True, progress: Callable[[str, float], None] | None = None) -> AssessmentRun:
    """Judge every organisation of the register for `year` and store the results.

    With `overrides` ({criterion id: {"threshold": n} or {"check": "..."}}) the run is a what-if and must not be
    official. Same pack and same figures give the same input hash and the same results.
    """
    if overrides and official:
        raise ValueError("a run with overrides is a what-if: it cannot be official")
    clock = Stopwatch(progress)
    # Read and judge outside the transaction (a background job reports these stages as they end); only the
    # results are written in one.
    pack_version = pack_version or default_pack_version(year)
    pack = pack_version.pack()
    judged_pack = apply_overrides(pack, overrides) if overrides else pack
    clock.done("pack")
    started_at = timezone.now()
    frame = build_frame(pack, year, approved_only=approved_only)
    digest = input_hash(frame)
    clock.done("frame")
    assessment = vectorised.assess(judged_pack, frame)
    clock.done("engine")
    org_rows = results.organisation_table(judged_pack, assessment.organisations)
    region_rows = results.region_rows(judged_pack, frame, assessment.organisations, assessment.regions)
    counts = results.run_counts(judged_pack, assessment.organisations, region_rows)
    clock.done("rows")
    with transaction.atomic():
        run = AssessmentRun.objects.create(
            pack_version=pack_version, year=year, approved_only=approved_only, input_hash=digest,
            official=official, overrides=overrides or {}, started_at=started_at, user=user,
            organisations=counts["organisations"], rectification_candidates=counts["rectification"],
            counts={**counts, "frame_rows": frame.height},
        )
        _write(run, org_rows, region_rows)
        clock.done("write")
        run.finished_at = timezone.now()
        run.timings = clock.seconds
        run.save(update_fields=["finished_at", "timings"])
        audit.entry(run, ChangeLog.Action.RUN, user, related=pack_version, source="assessment", after={
            "year": year, "official": official, "approved_only": approved_only, "input_hash": digest,
            "organisations": counts["organisations"], "overrides": overrides or {}}).save()
        # The planner's statistics for the rows just written (ANALYZE TABLE commits on MariaDB: after the commit).
        transaction.on_commit(lambda: _analyze(run))
        if official:
            # What-ifs over the city read the figures the official run judged. A file left by a rolled-back run is
            # harmless: its name holds its input hash, so it is only ever read as exactly that input.
            run_frames.save(run, frame)
            transaction.on_commit(lambda: run_frames.prune(run))
    return run


def _analyze(run) -> None:
    started = time.perf_counter()
    bulk.analyze((OrganisationResult, ("run", "organisation", "total", "stars", "rectification")),
                 (RegionResult, ("run", "region", "level")))
    run.timings["analyze"] = round(time.perf_counter() - started, 3)
    AssessmentRun.objects.filter(pk=run.pk).update(timings=run.timings)
