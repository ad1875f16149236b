"""The report form and the period grid on a 375 px phone (issue 10 item 3): letters in a figure give the summary at
the top and scroll to the field, the stored value stays; the grid scrolls inside its box, never the page."""

import pytest

from guifan.facts.models import FactReport
from guifan.facts.periods import open_periods
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def _phone(browser, live_server, username="organisation"):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, username)
    return context, page


def test_letters_in_a_figure_show_the_summary_and_scroll_to_the_field(browser, live_server, users, two_counties):
    from playwright.sync_api import expect

    open_periods(ensure_shipped_pack_loaded().pack())
    committee = two_counties["yangshuo"]["committee"]
    context, page = _phone(browser, live_server)
    page.goto(f"{live_server.url}/reports/{committee.pk}/2018/")
    expect(page.locator("h1")).to_contain_text("2018年度填报")
    page.fill("#id_service_fund_yuan", "8000")
    page.click("button[name=save]")
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.fill("#id_service_fund_yuan", "八千")
    page.click("button[name=save]")
    summary = page.locator("#form-summary")
    expect(summary).to_contain_text("1 处错误")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_service_fund_yuan")
    field = page.locator("#id_service_fund_yuan")
    expect(field).to_be_in_viewport()
    expect(field).to_be_focused()
    expect(field).to_have_value("八千")  # what was typed stays to be corrected
    expect(page.locator("#id_service_fund_yuan-error")).to_contain_text("请填写数字")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-report-error-phone.png")
    context.close()
    assert FactReport.objects.get(organisation=committee, period__code="2018").values["service_fund_yuan"] == 8000


def test_the_period_grid_fits_a_phone_and_saves_each_cell(browser, live_server, users, two_counties):
    from playwright.sync_api import expect

    open_periods(ensure_shipped_pack_loaded().pack())
    committee = two_counties["yangshuo"]["committee"]
    context, page = _phone(browser, live_server)
    page.goto(f"{live_server.url}/reports/{committee.pk}/2018/")
    page.locator("#period-strip a.grid-link").click()
    expect(page.locator("h1")).to_contain_text("季度和月度数据")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    cell = page.locator("#input-cell-branch_committee_meetings-201803")
    cell.fill("2")
    cell.press("Tab")
    expect(page.locator("#cell-branch_committee_meetings-201803")).to_contain_text("已保存")
    expect(page.locator("#state-201803")).to_contain_text("草稿")
    bad = page.locator("#input-cell-party_group_meetings_min-201803")
    bad.fill("abc")
    bad.press("Tab")
    expect(page.locator("#cell-party_group_meetings_min-201803 .errorlist")).to_contain_text("请填写数字")
    page.locator("#input-cell-party_group_meetings_min-201803").fill("1")
    page.locator("#input-cell-party_group_meetings_min-201803").press("Tab")
    expect(page.locator("#cell-party_group_meetings_min-201803")).to_contain_text("已保存")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-period-grid-phone.png", full_page=True)
    page.get_by_role("button", name="报送 2018年3月").click()
    expect(page.locator("#state-201803")).to_contain_text("已报送")
    context.close()
    march = FactReport.objects.get(organisation=committee, period__code="201803")
    assert (march.state, march.values) == ("submitted", {"branch_committee_meetings": 2,
                                                         "party_group_meetings_min": 1})
