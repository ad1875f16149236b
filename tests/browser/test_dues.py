"""A secretary records a month's party dues for the branch on a 375 px phone (GUAR-N-01): ticks the members who
paid, records, sees them paid; a second run of the same month is refused; nothing wider than the screen."""

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.dues import actions
from guifan.dues.models import DuesPayment
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def test_a_secretary_records_a_month_of_dues_on_a_phone(browser, live_server, two_counties):
    from playwright.sync_api import expect

    rules = ensure_shipped_pack_loaded().pack().dues
    y = two_counties["yangshuo"]
    actions.declare(y["members"][0], 2018, "employed", "4000", rules)
    for m in y["members"][1:]:
        actions.declare(m, 2018, "farmer", None, rules)
    t.user("secretary", Role.Kind.ORGANISATION, organisation=y["branch"])
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/dues/branch/{y['branch'].pk}/?year=2018&month=5")
    expect(page.locator("h1")).to_contain_text("党费")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    boxes = page.locator("ul.tick-list input[type=checkbox]")
    expect(boxes).to_have_count(4)
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="登记所勾选党员已交纳").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("已登记 2 笔党费")
    expect(page.locator("ul.tick-list input[type=checkbox]")).to_have_count(2)
    assert DuesPayment.objects.filter(year=2018, month=5).count() == 2
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-dues-phone.png", full_page=True)
    context.close()
