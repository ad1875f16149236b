"""Browsing the register in Chromium: from 桂林市 down to a village branch and its members, on a desktop and a phone."""

import pytest

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_menu_if_collapsed(page):
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.click()
        assert page.locator("#site-nav").is_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_browse_from_city_to_village_branch_members(browser, live_server, transactional_db, users, two_counties,
                                                    viewport):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("登录")
    log_in(page, live_server.url, "city")
    expect(page.locator("h1")).to_contain_text("待办")  # the home page is the to-do list; its button opens the city
    page.locator("#start-page").click()

    expect(page.locator("h1")).to_contain_text("桂林市")
    page.screenshot(path=f"{SCREENSHOTS}/guifan-city-{viewport}.png", full_page=True)
    page.get_by_role("link", name="阳朔县", exact=True).click()
    expect(page.locator("h1")).to_contain_text("阳朔县")
    page.get_by_role("link", name=y["township"].name, exact=True).click()
    expect(page.locator("h1")).to_contain_text(y["township"].name)
    page.get_by_role("link", name="yangshuo村党总支", exact=True).click()
    expect(page.locator("h1")).to_contain_text("yangshuo村党总支")
    page.get_by_role("link", name="yangshuo村第一党支部", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("yangshuo村第一党支部")

    members = page.locator("table.members")
    for member in y["members"]:
        expect(members.get_by_role("link", name=member.name, exact=True)).to_be_visible()
        # Every masked number of the county is alike (the region code only): look in the member's own row.
        row = members.locator("tr", has=page.get_by_role("link", name=member.name, exact=True))
        expect(row).to_contain_text(member.id_number_masked)
    assert y["members"][0].reveal_id_number() not in page.content()
    page.screenshot(path=f"{SCREENSHOTS}/guifan-branch-{viewport}.png", full_page=True)
    # Nothing sticks out sideways on the page itself: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]

    _open_menu_if_collapsed(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-menu-{viewport}.png")
    page.locator("#site-nav").get_by_role("link", name="党员", exact=True).click()
    expect(page.locator("h1")).to_have_text("党员")
    page.fill("#id_q", "yangshuo党员2")
    expect(page.locator("#results table tbody tr")).to_have_count(1)
    expect(page.locator("#results").get_by_role("link", name="yangshuo党员2")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/guifan-members-{viewport}.png", full_page=True)
    context.close()
