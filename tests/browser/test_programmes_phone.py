"""Issue 13 on a 375 px phone: the township proposes the year's levels with one changed for a written reason
(评星晋级, M01), the county confirms them; the village's floating funding (M12) then reads the confirmed level and
explains itself line by line. No page is wider than the phone."""

import pytest

from guifan.funding import actions as funding
from guifan.rating.models import Rating
from guifan.rating.tests.helpers import official_run
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_rating_steps_and_funding_on_a_phone(browser, live_server, users, two_counties, shipped_pack):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    official_run(shipped_pack, 2018, {y["committee"]: 5, y["branch"]: 4})
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "township")
    page.goto(f"{live_server.url}/rating/regions/{y['township'].code}/?year=2018")
    branch = y["branch"].pk
    page.select_option(f"select[name=stars_{branch}]", "2")
    page.fill(f"input[name=reason_{branch}]", "党员大会未按期召开")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-rating-propose-phone.png", full_page=True)
    page.locator("form.panel button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    assert Rating.objects.get(organisation=y["branch"]).stars == 2
    phone.close()

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "county")
    page.goto(f"{live_server.url}/rating/regions/{y['county'].code}/?year=2018")
    page.locator("form.panel button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    assert Rating.objects.get(organisation=y["branch"]).stage == "confirm"
    funding.compute_funding(2018)
    page.goto(f"{live_server.url}/funding/orgs/{y['committee'].pk}/?year=2018")
    expect(page.locator("main")).to_contain_text("90000.00")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-funding-organisation-phone.png", full_page=True)
    page.goto(f"{live_server.url}/funding/regions/{y['county'].code}/?year=2018")
    expect(page.locator("main")).to_contain_text(y["committee"].name)
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-funding-region-phone.png", full_page=True)
    phone.close()
