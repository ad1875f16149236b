"""The input frame of each official run, kept as a Parquet file beside the database (DATA_DIR/runs/), so that a
what-if over the city reads the figures the run judged in a few milliseconds instead of building the frame again
(about a second for the city). The file's name holds the run's key and input hash: a file that is not exactly the
run's input is never read. Losing the files costs time only: the frame is built again."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl
from django.conf import settings

from guifan.core.vocabulary import REGION_LEVELS


def _directory() -> Path:
    return Path(settings.DATA_DIR) / "runs"


def path_of(run) -> Path:
    return _directory() / f"run-{run.pk}-{run.input_hash[:16]}.parquet"


def save(run, frame: pl.DataFrame) -> None:
    """Written whole to a temporary file, then renamed: a reader sees the whole file or none."""
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    os.close(handle)
    try:
        frame.write_parquet(temporary)
        os.replace(temporary, path_of(run))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def prune(run) -> None:
    """Deletes the files of the official runs that `run` supersedes (same year, pack version and approved_only):
    the what-if only ever reads the newest one's."""
    from .models import AssessmentRun

    older = (AssessmentRun.objects.filter(official=True, year=run.year, approved_only=run.approved_only,
                                          pack_version=run.pack_version_id, pk__lt=run.pk)
             .values_list("pk", flat=True))
    for pk in older:
        for path in _directory().glob(f"run-{pk}-*.parquet"):
            path.unlink(missing_ok=True)


def load(run, region=None) -> pl.DataFrame | None:
    """The run's input frame (within `region`), or None when it was not kept."""
    path = path_of(run)
    if not path.exists():
        return None
    frame = pl.read_parquet(path)
    if region is not None and region.level in REGION_LEVELS and region.level in frame.columns:
        frame = frame.filter(pl.col(region.level) == region.code)
    return frame
