"""`guifan bench`: every subcommand runs and prints its figures on a tiny sample (issue 8 item 3). Not timed."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from guifan.seeding.tests.conftest import seed
from guifan.standards.selectors import ensure_shipped_pack_loaded

PAGES = ("todo", "region-city", "region-county", "completeness-city", "assessment-city", "checkup", "orgs-filtered",
         "members-filtered", "dashboard-city", "dashboard-county", "dashboard-screen", "dashboard-json")


def bench(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("bench", *args, stdout=out)
    return out.getvalue()


def page_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.split(" ", 1)[0] in PAGES]


@pytest.fixture
def sample(tiny):
    call_command("demo_figures", stdout=StringIO())


def test_pages_in_process_prints_a_line_per_page_and_leaves_no_usable_user(sample):
    users, sessions = get_user_model().objects.filter(is_active=True).count(), Session.objects.count()
    output = bench("pages", "--repeat", "1")
    lines = page_lines(output)
    assert {line.split()[0] for line in lines} == set(PAGES)
    assert len(lines) == 16  # the to-do, the county page and the two lists as a city and as a county user; 4 dashboards
    assert "HTTP" not in output  # every page answered 200
    assert "/assessment/orgs/" in output and "/reports/completeness/2018/450300/" in output
    assert (get_user_model().objects.filter(is_active=True).count(), Session.objects.count()) == (users, sessions)
    # The benchmark's users stay (their logins are on the audit trail), without a role or a password.
    left = get_user_model().objects.filter(username__startswith="bench-")
    assert left.exists() and not any(u.is_active or u.has_usable_password() or hasattr(u, "role") for u in left)


def test_only_one_page(sample):
    lines = page_lines(bench("pages", "--repeat", "1", "--only", "checkup"))
    assert [line.split()[:2] for line in lines] == [["checkup", "city"]]


def test_all_crawls_every_page_from_home_and_lists_the_slow_ones(sample, monkeypatch):
    from guifan.seeding.bench_pages import crawl

    output = bench("pages", "--all")
    summary = output.splitlines()[2]  # after the sample and the load average, in whichever language is active
    crawled = int(re.search(r"\d+", summary).group())
    assert crawled > 40 and "did not answer 200" not in output
    assert "/orgs/" in output
    monkeypatch.setattr(crawl, "measure", lambda client, url, keep_body=False: slow(crawl, client, url))
    slowed = bench("pages", "--all")
    listed = slowed.split("Pages over 1.0 s:")[1].split("Slowest ten:")[0]
    assert "/dashboards/" in listed and "/orgs/" not in listed  # the slow pages, and only those


def slow(crawl, client, url):
    from guifan.seeding.bench_pages import inprocess

    sample = inprocess.measure(client, url, keep_body=True)
    return type(sample)(**{**sample.__dict__, "seconds": 2.0 if url.startswith("/dashboards/") else 0.01})


def test_all_goes_without_users_or_only(sample):
    with pytest.raises(CommandError, match="--all"):
        bench("pages", "--all", "--only", "checkup")


def test_an_unknown_page_is_an_error(sample):
    with pytest.raises(CommandError, match="region-city"):
        bench("pages", "--only", "nowhere")


def test_without_the_sample_city_the_error_says_what_to_run(db):
    with pytest.raises(CommandError, match="guifan seed --scale city"):
        bench("pages")


def test_without_an_assessment_the_error_says_what_to_run(tiny):
    with pytest.raises(CommandError, match="guifan demo_figures"):
        bench("pages")


@pytest.mark.parametrize("url", ["http://10.0.0.1:8001", "https://127.0.0.1:8001", "http://example.com"])
def test_the_load_test_targets_this_machine_only(db, url):
    with pytest.raises(CommandError, match="loopback"):
        bench("pages", "--users", "2", "--url", url)


def test_users_and_url_go_together(db):
    with pytest.raises(CommandError, match="--users"):
        bench("pages", "--users", "2")


def test_load_test_logs_in_through_the_login_page_and_counts_every_request(transactional_db, live_server,
                                                                          monkeypatch):
    from django.db import connection

    from guifan.seeding.bench_pages import load

    if connection.vendor == "sqlite":
        # The live server's threads share one in-memory SQLite connection: logins (session, axes access log) at the
        # same moment collide there ("cannot commit transaction - SQL statements in progress"), never on a server.
        monkeypatch.setattr(load, "LOGINS_AT_ONCE", 1)
    seed(scale="tiny", seed=1)
    call_command("demo_figures", stdout=StringIO())
    output = bench("pages", "--users", "3", "--seconds", "1", "--url", live_server.url)
    assert "logged in 3 sessions" in output
    lines = page_lines(output)
    assert lines and {line.split()[0] for line in lines} <= set(PAGES)
    total = next(line for line in output.splitlines() if line.startswith("total"))
    assert total.split()[-1] == "0"  # no errors
    # Its users stay on the audit trail's side, deactivated, without a role or a password.
    left = get_user_model().objects.filter(username__startswith="bench-")
    assert not any(u.is_active or u.has_usable_password() or hasattr(u, "role") for u in left)


def test_assess_still_runs():
    output = bench("assess", "--orgs", "300", "--naive-orgs", "100")
    assert "polars:" in output and "ratio:" in output


def test_import_facts_still_runs(tiny):
    ensure_shipped_pack_loaded()  # and no figures yet: approved reports are locked against an import
    output = bench("import-facts", "--year", "2018")
    assert "first import" in output and "same file again" in output and "rolled back" in output


def test_activities_writes_a_year_times_facts_and_points_and_rolls_back(tiny):
    from guifan.meetings.models import Attendance, Meeting

    output = bench("activities", "--year", "2018", "--copies", "2")
    assert "meetings.attendance" in output and "training.enrolment" in output
    assert ("(COPY)" in output) == (connection.vendor == "postgresql")  # attendance through COPY on PostgreSQL
    assert "derive_facts(guilin-2018, 2018)" in output and "points" in output and "rolled back" in output
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
