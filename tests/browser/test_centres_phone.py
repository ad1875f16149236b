"""Issue 13.7/13.8 on a 375 px phone: a district records its party-mass service centre (M15, C15) and sees its
verdict; the city sees the counts and rates a county's platform (M17). No page is wider than the phone."""

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.centres.models import PlatformRating, ServiceCentre
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_centres_and_platform_rating_on_a_phone(browser, live_server, users, shipped_pack):
    from playwright.sync_api import expect

    t.user("xiufeng", Role.Kind.COUNTY, region=t.region("450302"))
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "xiufeng")
    page.goto(f"{live_server.url}/centres/new/?level=district&region=450302")
    page.fill("#id_name", "秀峰区党群服务中心")
    page.fill("#id_area_m2", "1500")
    page.fill("#id_staff", "6")
    page.check("#id_own_site")
    for box in page.locator("input[name=function_areas]").all():
        box.check()
    page.check("#id_rules_present")
    assert fits(page)
    page.locator("form.centre-form button[type=submit]").click()
    expect(page.locator("ul.verdicts")).to_be_visible()
    assert ServiceCentre.objects.get().passed
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-centre-phone.png", full_page=True)
    phone.close()

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "city")
    page.goto(f"{live_server.url}/centres/")
    expect(page.locator("main")).to_contain_text("秀峰区")
    assert fits(page)
    page.goto(f"{live_server.url}/centres/platform/?year=2018")
    page.select_option("#id_county", "450321")
    for code, score in (("linked", "20"), ("content", "18"), ("wechat", "16"), ("poverty", "14"),
                        ("model_sites", "12")):
        page.fill(f"#id_score_{code}", score)
    page.fill("#id_sites_village", "阳朔测试村")
    assert fits(page)
    page.locator("form.edit button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    assert PlatformRating.objects.get().grade == "good"
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-platform-rating-phone.png", full_page=True)
    phone.close()
