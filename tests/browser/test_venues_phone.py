"""Issue 13.6 on a 375 px phone (阵地评级, M13): the village secretary records the venue, ticks the V10R checklist and
attaches the photos the pack asks for; the township confirms the grade; the region page shows the grade counts and
the joint grade; the upgrading list names the missing items. No page is wider than the phone."""

import pytest

from guifan.venues.models import Venue, VenueRating
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
WITH_FILES = ("flags", "service-hall", "plaque", "area")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_venue_checklist_and_confirmation_on_a_phone(browser, live_server, users, two_counties, shipped_pack,
                                                      tmp_path):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "organisation")
    page.goto(f"{live_server.url}/venues/orgs/{y['committee'].pk}/?year=2018")
    page.fill("input[name=name]", "阳朔村党群服务中心")
    page.fill("input[name=area]", "240")
    assert fits(page)
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    assert Venue.objects.get(organisation=y["committee"]).area == 240
    for box in page.locator("input[type=checkbox][name^=item_]").all():
        if box.get_attribute("name") != "item_wechat":
            box.check()
    for item in WITH_FILES:
        page.set_input_files(f"input[name=photo_{item}]", str(photo))
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-venue-checklist-phone.png", full_page=True)
    page.get_by_role("button", name="保存检查结果").click()
    expect(page.locator("ul.messages")).to_contain_text("基本达标")
    assert VenueRating.objects.get().grade == "mostly"
    phone.close()

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "township")
    page.goto(f"{live_server.url}/venues/regions/{y['township'].code}/?year=2018")
    assert fits(page)
    page.get_by_role("button", name="确认所勾选的等次").click()
    expect(page.locator("ul.messages")).to_contain_text("已确认1个阵地等次")
    expect(page.locator("main")).to_contain_text("三类")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-venue-region-phone.png", full_page=True)
    page.goto(f"{live_server.url}/venues/regions/{y['township'].code}/upgrading/?year=2018")
    expect(page.locator("main")).to_contain_text("有服务群众微信公众号")
    assert fits(page)
    phone.close()
