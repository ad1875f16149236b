"""A county official opens a failing village's check-up report (体检报告) in Chromium and finds why it failed."""

import pytest

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "每名村党组织书记年参训时长不少于56学时"


@pytest.fixture
def assessed_village(transactional_db, two_counties, users):
    from guifan.assessment.actions import run_assessment
    from guifan.facts.models import FactReport, Period
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    committee = two_counties["yangshuo"]["committee"]
    FactReport.objects.create(organisation=committee, period=Period.yearly(2018),
                              values={"secretary_training_hours": 40, "ledgers_complete": True})
    run_assessment(2018, pack_version=ensure_shipped_pack_loaded())
    return committee


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_failing_village_checkup_shows_the_failed_criterion(browser, live_server, assessed_village, viewport):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "county")
    expect(page.locator("h1")).to_contain_text("阳朔县")

    page.goto(f"{live_server.url}/orgs/{assessed_village.pk}/")
    page.get_by_role("link", name="体检报告", exact=True).click()
    expect(page.locator("h1")).to_contain_text("体检报告")
    expect(page.locator("h1")).to_contain_text("yangshuo村党总支")

    row = page.locator("#criterion-R-TEAM-secretary-training")
    expect(row).to_be_visible()
    expect(row.locator(".badge.bad")).to_have_text("未达标")
    cells = row.locator("td.num")
    expect(cells.nth(0)).to_have_text("40")
    expect(cells.nth(1)).to_have_text("56")
    expect(cells.nth(2)).to_have_text("16")
    expect(row.locator("q.quote")).to_have_text(QUOTE)
    expect(row).to_contain_text("TEAM-R-05")
    expect(row).to_contain_text("安排书记参加县乡集中培训补足学时")
    expect(page.locator("#total-score")).not_to_have_text("")
    page.screenshot(path=f"{SCREENSHOTS}/guifan-checkup-{viewport}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]

    # On to the township's assessment: the village is among the organisations judged there.
    page.get_by_role("link", name="考核评价情况").click()
    expect(page.locator("h1")).to_contain_text("考核评价")
    expect(page.locator("#judged")).to_have_text("2")
    expect(page.get_by_role("link", name="yangshuo村党总支")).to_be_visible()
    context.close()
