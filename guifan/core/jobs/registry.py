"""The kinds of job, registered by the apps that own them (a lower app cannot import the one that runs its job)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    name: str
    # run(context) writes the job's file through context.output(...) and reports progress through
    # context.progress(...); it returns the number of rows written (or None).
    run: Callable
    # result(job) -> (label, url) of the page a done job's outcome is on, for a job that writes no file.
    result: Callable | None = None


_KINDS: dict[str, JobKind] = {}


def register(name: str, run: Callable, result: Callable | None = None) -> None:
    if name in _KINDS and _KINDS[name].run is not run:
        raise ValueError(f"job kind {name!r} is registered twice")
    _KINDS[name] = JobKind(name, run, result)


def get(name: str) -> JobKind | None:
    return _KINDS.get(name)
