"""A county official opens the check-up report (体检报告) of a branch that reports its 三会一课 by quarter and by
month (ACT-G-01): the verdicts read the same figures as the run, so no "changed since the run" flag is shown; after
a month's figure really changes, the flag appears on that criterion only (issue 8, item 2)."""

import pytest

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessed_branch(transactional_db, two_counties, users):
    from guifan.assessment.actions import run_assessment
    from guifan.assessment.tests.meetings import YEAR, report_meetings
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    version = ensure_shipped_pack_loaded()
    branch = two_counties["yangshuo"]["branch"]
    report_meetings(branch, version.pack())
    run_assessment(YEAR, pack_version=version)
    return branch


def test_checkup_of_an_unchanged_branch_shows_no_changed_flag(browser, live_server, assessed_branch):
    from playwright.sync_api import expect

    from guifan.assessment.tests.meetings import SUB_YEAR_CRITERIA, YEAR
    from guifan.facts.actions import get_report, set_values
    from guifan.facts.models import Period

    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "county")
    expect(page.locator("#start-page")).to_contain_text("阳朔县")  # the county's to-do list

    page.goto(f"{live_server.url}/assessment/orgs/{assessed_branch.pk}/")
    expect(page.locator("h1")).to_contain_text("体检报告")
    for cid in SUB_YEAR_CRITERIA:
        row = page.locator(f"#criterion-{cid}")
        expect(row).to_be_visible()
        expect(row.locator(".badge.ok")).to_have_text("达标")
    expect(page.locator(".badge.warn.changed")).to_have_count(0)  # "changed since the run"
    expect(page.locator("p.notice.warning")).to_have_count(0)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-checkup-sub-year.png", full_page=True)

    set_values(get_report(assessed_branch, Period.monthly(YEAR, 5)), {"party_group_meetings_min": 0})
    page.reload()
    expect(page.locator("#criterion-G-ACT-group-meetings .badge.warn.changed")).to_be_visible()
    expect(page.locator(".badge.warn.changed")).to_have_count(1)
    expect(page.locator("p.notice.warning")).to_have_count(1)
    context.close()
