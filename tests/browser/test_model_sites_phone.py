"""Issue 13.4 on a 375 px phone: the township nominates a village (示范点, M02) — first refused with the reasons while
its level is too low, then accepted; the county recommends it; the city selects it into a grade and publishes the
list. No page is wider than the phone."""

import pytest

from guifan.modelsites.models import Nomination, Publication
from guifan.modelsites.tests.conftest import PASSED, stored_run
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def _as(browser, live_server, username):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, username)
    return context, page


def test_nominate_review_select_publish_on_a_phone(browser, live_server, users, two_counties, shipped_pack):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    org = y["committee"]
    org.secretary = y["members"][0]
    org.save()
    stored_run(shipped_pack, {org: (3, PASSED)})
    context, page = _as(browser, live_server, "township")
    page.goto(f"{live_server.url}/model-sites/?year=2018")
    page.fill("input[name=code]", org.code)
    page.fill("textarea[name=statement]", "党群服务中心功能完善")
    assert fits(page)
    page.locator("form.edit button[type=submit]").click()
    expect(page.locator("ul.messages")).to_contain_text("四星级")
    assert not Nomination.objects.exists()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-modelsites-refused-phone.png", full_page=True)
    stored_run(shipped_pack, {org: (5, PASSED)})
    page.fill("input[name=code]", org.code)
    page.locator("form.edit button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("达到创建标准")
    assert fits(page)
    context.close()

    nomination = Nomination.objects.get()
    context, page = _as(browser, live_server, "county")
    page.goto(f"{live_server.url}/model-sites/{nomination.pk}/")
    page.check("input[name=decision][value=approve]")
    page.locator("form.edit button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    assert Nomination.objects.get().state == Nomination.State.APPROVED
    context.close()

    context, page = _as(browser, live_server, "city")
    page.goto(f"{live_server.url}/model-sites/{nomination.pk}/")
    page.select_option("select[name=grade]", "city")
    page.locator("form.edit button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    page.goto(f"{live_server.url}/model-sites/?year=2018")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-modelsites-index-phone.png", full_page=True)
    page.locator("form.inline button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("市级示范点")
    assert Publication.objects.get().sites == 1
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-modelsites-published-phone.png", full_page=True)
    context.close()
