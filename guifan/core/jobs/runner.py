"""Starting, running, cancelling and cleaning up jobs. A job's file is written under DATA_DIR/jobs with mode 0600
under a temporary name and renamed when complete, so a cancelled, failed or killed job never offers half a file."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import scoping
from guifan.core.models import Job

from . import registry

log = logging.getLogger(__name__)
State = Job.State
PROGRESS_EVERY = 0.5  # seconds between progress writes


class Cancelled(Exception):
    """The user cancelled the job: raised from `progress` in the job's own code."""


def jobs_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "jobs"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def keep_for() -> dt.timedelta:
    return dt.timedelta(hours=settings.GUIFAN_JOB_FILES_HOURS)


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.GUIFAN_JOB_STALE_MINUTES)


def start(kind: str, user, *, title: str, params: dict | None = None) -> Job:
    """Records a job and queues it for the worker once the transaction commits."""
    from .tasks import run_job

    if registry.get(kind) is None:
        raise LookupError(f"no job kind {kind!r} is registered")
    job = Job.objects.create(kind=kind, title=title[:200], user=user, params=params or {})
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


class Context:
    """What a job's code gets: the job, the user's scope, progress reports and the output file."""

    def __init__(self, job: Job):
        self.job = job
        self.scope = scoping.scope_for(job.user)
        self._last = 0.0
        self._partial: Path | None = None

    def progress(self, done: int, total: int | None = None, message: str | None = None, force: bool = False):
        """Records how far the job is (at most every PROGRESS_EVERY seconds); raises Cancelled when the user asked."""
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        fields = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        if message is not None:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Cancelled

    def output(self, file_name: str, suffix: str) -> Path:
        """The path to write the job's file to (a temporary name until the job completes)."""
        self.job.file_name = file_name[:200]
        self._partial = jobs_dir() / f"{self.job.pk}.partial{suffix}"
        self._partial.touch(mode=0o600)
        os.chmod(self._partial, 0o600)
        return self._partial

    def complete(self) -> str:
        if self._partial is None:
            return ""
        final = self._partial.with_name(self._partial.name.replace(".partial", ""))
        self._partial.replace(final)
        self._partial = None
        return final.name

    def discard(self) -> None:
        if self._partial is not None:
            self._partial.unlink(missing_ok=True)


def run(job_id: str) -> None:
    """Runs a queued job in the worker (a job cancelled before it started is not run)."""
    recover_stale()
    prune()
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED, cancel_requested=False).update(
        state=State.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now())
    if not claimed:
        Job.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.CANCELLED, finished_at=timezone.now())
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    kind = registry.get(job.kind)
    context = Context(job)
    try:
        if kind is None:
            raise LookupError(f"no job kind {job.kind!r} is registered")
        rows = kind.run(context)
        name = context.complete()
    except Cancelled:
        context.discard()
        _finish(job, State.CANCELLED, _("Cancelled."))
    except ValidationError as exc:  # a refusal of the task's own action: its (Chinese) reason is the message
        context.discard()
        _finish(job, State.FAILED, " ".join(exc.messages)[:300])
    except Exception:
        context.discard()
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, State.FAILED, _("The job failed. Try again; if it fails again, tell the administrator."))
    else:
        _finish(job, State.DONE, "", file_path=name, file_name=context.job.file_name, rows=rows,
                expires_at=timezone.now() + keep_for() if name else None)


def _finish(job: Job, state: str, message: str, **fields) -> None:
    Job.objects.filter(pk=job.pk).update(state=state, message=message, finished_at=timezone.now(), **fields)


def cancel(job: Job) -> None:
    """Asks a job to stop: one still waiting never runs, one running stops at its next progress report."""
    if job.finished:
        return
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    Job.objects.filter(pk=job.pk, state=State.QUEUED).update(state=State.CANCELLED, finished_at=timezone.now(),
                                                             message=_("Cancelled."))


def retry(job: Job) -> Job:
    """The same job again, for its user (a failed, cancelled or expired one)."""
    return start(job.kind, job.user, title=job.title, params=job.params)


def recover_stale() -> int:
    """Jobs whose worker died (no sign of life for GUIFAN_JOB_STALE_MINUTES) are failed, their partial files
    removed; the user can start them again."""
    cutoff = timezone.now() - stale_after()
    stale = list(Job.objects.filter(state=State.RUNNING, heartbeat_at__lt=cutoff).values_list("pk", flat=True))
    for pk in stale:
        for partial in jobs_dir().glob(f"{pk}.partial*"):
            partial.unlink(missing_ok=True)
    return Job.objects.filter(pk__in=stale, state=State.RUNNING).update(
        state=State.FAILED, finished_at=timezone.now(),
        message=_("The job stopped without finishing (the worker was interrupted). Start it again."))


def prune() -> int:
    """Deletes the files of jobs past their keeping time (the record stays, marked expired)."""
    expired = Job.objects.filter(expires_at__lt=timezone.now()).exclude(file_path="")
    count = 0
    for job in expired:
        (jobs_dir() / job.file_path).unlink(missing_ok=True)
        count += 1
    expired.update(file_path="")
    return count


def file_of(job: Job) -> Path | None:
    if job.state != State.DONE or not job.file_path:
        return None
    path = jobs_dir() / job.file_path
    return path if path.exists() else None
