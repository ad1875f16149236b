"""Background jobs (issue 14 item 1): a job runs in the worker with progress, its file appears whole or not at all
(cancelled, failed, a worker killed), only its user sees it, files expire; a long export is a job."""

import datetime as dt
import os
import stat

import pytest
from django.urls import reverse
from django.utils import timezone

from guifan.core.jobs import registry, runner
from guifan.core.models import Job, SecurityEvent

pytestmark = pytest.mark.django_db
CALLS = []


def _write_rows(context):
    path = context.output("测试.txt", ".txt")
    with path.open("w") as out:
        for i in range(3):
            context.progress(i, 3, force=True)
            out.write(f"{i}\n")
    return 3


def _cancel_midway(context):
    path = context.output("x.txt", ".txt")
    path.write_text("half")
    Job.objects.filter(pk=context.job.pk).update(cancel_requested=True)
    context.progress(1, 2, force=True)
    return 2


def _fail(context):
    context.output("x.txt", ".txt").write_text("half")
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def kinds():
    for name, fn in (("test_rows", _write_rows), ("test_cancel", _cancel_midway), ("test_fail", _fail)):
        registry.register(name, fn)


def started(kind, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = runner.start(kind, user, title="测试任务")
    job.refresh_from_db()
    return job


def test_a_job_runs_with_progress_and_leaves_its_file_private(users, django_capture_on_commit_callbacks):
    job = started("test_rows", users["county"], django_capture_on_commit_callbacks)
    assert job.state == Job.State.DONE and job.rows == 3 and job.done == 2 and job.total == 3
    path = runner.file_of(job)
    assert path.read_text() == "0\n1\n2\n" and job.file_name == "测试.txt"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not list(path.parent.glob("*.partial*"))
    assert job.expires_at > timezone.now()


def test_cancelled_or_failed_jobs_offer_no_file(users, django_capture_on_commit_callbacks):
    for kind, state in (("test_cancel", Job.State.CANCELLED), ("test_fail", Job.State.FAILED)):
        job = started(kind, users["county"], django_capture_on_commit_callbacks)
        assert job.state == state and runner.file_of(job) is None and job.message
        assert not list(runner.jobs_dir().glob(f"{job.pk}*"))


def test_a_job_cancelled_before_it_starts_never_runs(users):
    job = runner.start("test_rows", users["county"], title="测试任务")  # queued: the test's transaction never commits
    runner.cancel(job)
    runner.run(str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and not job.file_path


def test_a_job_whose_worker_died_fails_and_can_be_started_again(users, client, django_capture_on_commit_callbacks):
    job = Job.objects.create(kind="test_rows", title="测试任务", user=users["county"], state=Job.State.RUNNING,
                             heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    (runner.jobs_dir() / f"{job.pk}.partial.txt").write_text("half")
    assert runner.recover_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and not list(runner.jobs_dir().glob(f"{job.pk}*"))
    client.force_login(users["county"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[again.pk])
    assert again.state == Job.State.DONE and runner.file_of(again).read_text() == "0\n1\n2\n"


def test_expired_files_are_deleted(users, django_capture_on_commit_callbacks):
    job = started("test_rows", users["county"], django_capture_on_commit_callbacks)
    path = runner.file_of(job)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert runner.prune() == 1 and not path.exists()
    job.refresh_from_db()
    assert runner.file_of(job) is None


def test_only_the_jobs_user_sees_it(users, client, django_capture_on_commit_callbacks):
    job = started("test_rows", users["county"], django_capture_on_commit_callbacks)
    client.force_login(users["township"])
    for name in ("detail", "progress", "download"):
        assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404
    client.force_login(users["county"])
    page = client.get(reverse("jobs:list")).content.decode()
    assert "测试任务" in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"0\n1\n2\n"
    assert SecurityEvent.objects.filter(event="export", user=users["county"]).exists()


def test_a_long_export_is_a_job_of_the_users_scope(users, client, two_counties, settings,
                                                   django_capture_on_commit_callbacks):
    settings.GUIFAN_EXPORT_INLINE_ROWS = 2
    client.force_login(users["county"])
    url = reverse("spreadsheets:export", args=["members"])
    offer = client.get(url, {"q": ""})
    assert offer.status_code == 200 and "spreadsheet" not in offer["Content-Type"]
    assert 'method="post"' in offer.content.decode() and not Job.objects.exists()  # a GET writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.rows == 4 and job.user == users["county"]
    from openpyxl import load_workbook

    names = {row[0] for row in load_workbook(runner.file_of(job)).active.iter_rows(min_row=2, values_only=True)}
    assert names == {m.name for m in two_counties["yangshuo"]["members"]}  # not 临桂's
    progress = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in progress and "hx-trigger" not in progress


def test_a_short_export_is_answered_at_once(users, client):
    client.force_login(users["county"])
    response = client.get(reverse("spreadsheets:export", args=["members"]))
    assert response.status_code == 200 and "spreadsheet" in response["Content-Type"] and not Job.objects.exists()


def test_a_long_csv_export_is_a_job_writing_csv(users, client, two_counties, settings,
                                                django_capture_on_commit_callbacks):
    """issue 14.1: the filtered list as CSV through the same job, with its filters kept."""
    settings.GUIFAN_EXPORT_INLINE_ROWS = 1
    client.force_login(users["county"])
    url = reverse("spreadsheets:export", args=["members"])
    offer = client.get(url, {"format": "csv", "category": "full"}).content.decode()
    assert 'name="format" value="csv"' in offer
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"format": "csv", "category": "full"})
    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.file_name.endswith(".csv")
    lines = runner.file_of(job).read_bytes().decode("utf-8-sig").splitlines()
    full = [m for m in two_counties["yangshuo"]["members"] if m.category == "full"]
    assert len(lines) == 1 + len(full) and {line.split(",")[0] for line in lines[1:]} == {m.name for m in full}
