"""Issue 14 done-when: the city user starts the member export from the member list, watches its progress bar move
while the worker writes it, gets the notice in the navigation when it is ready and downloads the file. The worker is
the job runner in a thread of the test (what `guifan db_worker` calls for each queued task), held after its first
progress report so the page can be seen mid-way. Screenshots: /tmp/guifan-export-progress-*.png."""

import threading

import pytest
from django.db import connections
from django.urls import reverse

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held_runner(monkeypatch):
    """Context.progress that waits at the job's first forced report until the test lets it go."""
    from guifan.core.jobs import runner

    release, reached = threading.Event(), threading.Event()
    original = runner.Context.progress

    def progress(self, done, total=None, message=None, force=False):
        original(self, done, total, message, force)
        if force and not reached.is_set():
            reached.set()
            assert release.wait(30), "the test never let the job go on"

    monkeypatch.setattr(runner.Context, "progress", progress)
    return runner, release, reached


def test_the_city_user_exports_the_members_and_downloads_the_file(browser, live_server, users, two_counties,
                                                                   settings, held_runner, tmp_path):
    from django_tasks_db.models import DBTaskResult
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from guifan.core.models import Job

    runner, release, reached = held_runner
    settings.GUIFAN_EXPORT_INLINE_ROWS = 2  # the sample's eight members are "a long list"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, as in production
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["desktop"], accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server.url, "city")
    page.goto(live_server.url + reverse("members:list"))
    expect(page.get_by_role("link", name="我的导出")).to_have_count(0)  # no job yet, no link
    page.locator(".export-links").get_by_role("link", name="Excel").click()
    expect(page.locator("main")).to_contain_text("该名单共8行")
    page.get_by_role("button", name="生成文件").click()
    expect(page.locator("#job-progress")).to_contain_text("等待后台处理")
    job = Job.objects.get()
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(job.pk)]).count() == 1  # queued for the real worker

    def work():
        try:
            runner.run(str(job.pk))
        finally:
            connections.close_all()  # this thread's connection, or PostgreSQL cannot drop the test database

    worker = threading.Thread(target=work)
    worker.start()
    assert reached.wait(30)
    expect(page.locator("#job-progress")).to_contain_text("0 / 8", timeout=10000)  # htmx polls every second
    expect(page.locator("#job-progress progress")).to_have_attribute("value", "0")
    page.screenshot(path=f"{SCREENSHOTS}/guifan-export-progress-running.png", full_page=True)
    release.set()
    worker.join(30)

    download_link = page.locator("#job-progress").get_by_role("link", name="下载")
    expect(download_link).to_be_visible(timeout=10000)
    expect(page.locator("#job-progress")).to_contain_text("8行")
    page.screenshot(path=f"{SCREENSHOTS}/guifan-export-progress-done.png", full_page=True)

    page.goto(live_server.url + reverse("members:list"))  # elsewhere in the product: the notice is in the menu
    notice = page.get_by_role("link", name="我的导出 1")
    expect(notice).to_be_visible()
    notice.click()
    expect(page.locator("main")).to_contain_text(job.title)
    with page.expect_download() as download:
        page.locator("main").get_by_role("link", name="下载").first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    names = {row[0] for row in load_workbook(saved).active.iter_rows(min_row=2, values_only=True)}
    assert names == {m.name for key in ("yangshuo", "lingui") for m in two_counties[key]["members"]}
    page.goto(live_server.url + reverse("members:list"))
    expect(page.get_by_role("link", name="我的导出", exact=True)).to_be_visible()  # seen: the count is gone
    context.close()
