"""A user's background jobs: the list ("My exports"), one job's page with its progress (refreshed by htmx), the
download of its file, cancel and retry. Only the job's own user sees it (another user's job is a 404)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from guifan.core import security_log
from guifan.core.models import Job

from . import runner

PAGE = 50


def _mine(request, pk) -> Job:
    return get_object_or_404(Job.objects.filter(user=request.user), pk=pk)


@login_required
@require_GET
def job_list(request):
    jobs = list(Job.objects.filter(user=request.user)[:PAGE])
    Job.objects.filter(user=request.user, seen_at__isnull=True, state__in=Job.FINISHED).update(seen_at=timezone.now())
    return render(request, "jobs/list.html", {"jobs": jobs, "section": "jobs"})


@login_required
@require_GET
def job_detail(request, pk):
    job = _mine(request, pk)
    if job.finished and job.seen_at is None:
        Job.objects.filter(pk=job.pk).update(seen_at=timezone.now())
    return render(request, "jobs/detail.html", {"job": job, "section": "jobs"})


@login_required
@require_GET
def job_progress(request, pk):
    """The progress part of the job's page, polled by htmx until the job is finished."""
    return render(request, "jobs/_progress.html", {"job": _mine(request, pk)})


@login_required
@require_GET
def job_download(request, pk):
    job = _mine(request, pk)
    path = runner.file_of(job)
    if path is None:
        raise Http404
    security_log.record(security_log.Event.EXPORT, request=request, obj=job,
                        detail={"job": str(job.pk), "kind": job.kind, "rows": job.rows, "download": True})
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)


@login_required
@require_POST
def job_cancel(request, pk):
    runner.cancel(_mine(request, pk))
    return redirect("jobs:detail", pk)


@login_required
@require_POST
def job_retry(request, pk):
    job = _mine(request, pk)
    if not job.finished:
        return redirect("jobs:detail", pk)
    return redirect("jobs:detail", runner.retry(job).pk)
