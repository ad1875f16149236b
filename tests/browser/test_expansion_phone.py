"""Issue 13.2 on a 375 px phone: the township finds the expansion gaps (扩面, M01), sees its tasks as cards, opens one
and is refused closing it while the register shows the gap; the county sees its townships' counts. No page is wider
than the phone."""

import pytest

from guifan import testing as t
from guifan.expansion.models import ExpansionTask
from guifan.orgs.models import HostUnit
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_expansion_list_on_a_phone(browser, live_server, users, two_counties, shipped_pack):
    from playwright.sync_api import expect

    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=160, name="阳朔扩面演示有限公司")
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "township")
    page.goto(f"{live_server.url}/expansion/")
    page.locator("form.inline button[type=submit]").click()
    expect(page.locator("ul.messages")).to_be_visible()
    expect(page.locator("ul.todo")).to_contain_text("阳朔扩面演示有限公司")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-expansion-list-phone.png", full_page=True)
    task = ExpansionTask.objects.get(host_unit=unit)
    page.goto(f"{live_server.url}/expansion/{task.pk}/")
    expect(page.locator("[data-register=gap]")).to_be_visible()
    page.locator(f"form[action$='/expansion/{task.pk}/close/'] button[type=submit]").click()
    expect(page.locator("ul.messages")).to_contain_text("登记信息仍显示")
    assert ExpansionTask.objects.get(pk=task.pk).state == "open"
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-expansion-task-phone.png", full_page=True)
    phone.close()

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "county")
    page.goto(f"{live_server.url}/expansion/")
    expect(page.locator("table.counts")).to_contain_text(two_counties["yangshuo"]["township"].name)
    assert fits(page)
    phone.close()
