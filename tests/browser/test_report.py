"""A village reports on a phone (375 px): fills the form generated from the pack and submits; the township approves."""

import pytest

from guifan.facts.models import FactReport, Period
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url, username):
    log_in(page, url, username)


def test_village_reports_on_a_phone_and_township_approves(browser, live_server, users, two_counties):
    from playwright.sync_api import expect

    ensure_shipped_pack_loaded()
    Period.yearly(2018)
    committee = two_counties["yangshuo"]["committee"]
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    _login(page, live_server.url, "organisation")
    page.goto(f"{live_server.url}/orgs/{committee.pk}/")
    page.get_by_role("link", name="年度填报").click()
    expect(page.locator("h1")).to_contain_text(committee.name)
    page.fill("#id_secretary_basic_pay_yuan", "60")
    page.fill("#id_democratic_appraisals", "4")
    page.check("#id_v10r_flags")
    page.click("button[name=submit]")
    expect(page.locator("#id_evidence__v10r_flags + *, .errorlist").first).to_be_visible()  # evidence is needed
    page.fill("#id_evidence__v10r_flags", "党旗照片.jpg")
    page.click("button[name=submit]")
    expect(page.locator("#submit-confirm")).to_contain_text("未报送")  # the empty figures are named first
    expect(page.locator("#submit-confirm")).to_be_in_viewport()
    page.screenshot(path=f"{SCREENSHOTS}/guifan-report-confirm-phone.png")
    page.click("#confirm-submit")
    expect(page.locator("#report-state")).to_have_text("已报送")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-report-phone.png", full_page=True)
    # The monthly facts (支委会, 党小组会) are in the month's report, opened from the periods of the year.
    page.locator("#period-strip").get_by_role("link", name="3月", exact=True).click()
    expect(page.locator("h1")).to_contain_text("2018年3月")
    assert page.locator("#id_secretary_basic_pay_yuan").count() == 0
    page.fill("#id_branch_committee_meetings", "1")
    page.click("button[name=submit]")
    page.click("#confirm-submit")  # 党小组会次数 left empty: confirmed
    expect(page.locator("#report-state")).to_have_text("已报送")
    expect(page.locator('#period-strip a[data-period="201803"]')).to_have_class("submitted")
    phone.close()

    desk = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = desk.new_page()
    _login(page, live_server.url, "township")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name=committee.name).first.click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#report-state")).to_have_text("已审核")
    desk.close()
    report = FactReport.objects.get(organisation=committee, period__code="2018")
    assert (report.state, report.approval_level) == ("approved", "township")
    assert report.values["secretary_basic_pay_yuan"] == 60 and report.evidence["v10r_flags"] == "党旗照片.jpg"
    march = FactReport.objects.get(organisation=committee, period__code="201803")
    assert (march.state, march.values) == ("submitted", {"branch_committee_meetings": 1})
