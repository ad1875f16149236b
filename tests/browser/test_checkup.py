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
                              values={"ledgers_complete": True},
                              derived={"secretary_training_hours": 40})  # from the training records
    run_assessment(2018, pack_version=ensure_shipped_pack_loaded())
    return committee


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_failing_village_checkup_shows_the_failed_criterion(browser, live_server, assessed_village, viewport):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "county")
    expect(page.locator("#start-page")).to_contain_text("阳朔县")  # the county's to-do list

    page.goto(f"{live_server.url}/orgs/{assessed_village.pk}/")
    page.get_by_role("link", name="体检报告", exact=True).click()
    expect(page.locator("h1")).to_contain_text("体检报告")
    expect(page.locator("h1")).to_contain_text("yangshuo村党总支")

    row = page.locator("#criterion-R-TEAM-secretary-training")
    expect(row).to_be_visible()
    expect(row.locator(".badge.bad")).to_have_text("未达标")
    expect(row.locator(".wording")).to_contain_text("40 学时")
    expect(row.locator(".wording")).to_contain_text("不少于 56 学时")
    expect(row.locator(".wording .gap")).to_have_text("16 学时")
    expect(row.locator("q.quote")).to_have_text(QUOTE)
    ids = row.locator("details p").first
    expect(ids).to_contain_text("TEAM-R-05")
    expect(ids).to_be_hidden()  # ids behind the details toggle
    row.locator("details summary").click()
    expect(ids).to_be_visible()
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


def test_whatif_on_a_phone_searches_the_criteria_by_title_and_fits_the_screen(browser, live_server, assessed_village):
    """Issue 10 item 7: the criterion picker is grouped by standard, lists Chinese titles (no ids or formulas),
    can be searched, and the page stays within a 375 px screen."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "county")
    expect(page.locator("#start-page")).to_contain_text("阳朔县")  # the county's to-do list

    page.goto(f"{live_server.url}/assessment/whatif/")
    picker = page.locator("select#id_criterion")
    assert "R-TEAM-secretary-training" not in picker.inner_text()  # titles only
    expect(picker.locator("optgroup[label='队伍规范']")).to_have_count(1)
    page.fill("input.select-search", "书记年参训")
    visible = picker.locator("option:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible).to_have_text("村党组织书记年参训不少于56学时")
    assert picker.input_value() == "R-TEAM-secretary-training"
    page.fill("#id_threshold", "60")
    page.fill("#id_year", "2018")
    page.click("button[type=submit].primary")
    expect(page.locator("#whatif-summary")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-whatif-phone.png", full_page=True)
    context.close()
