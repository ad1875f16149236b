"""A branch secretary records a member flowing out (外出流动, ACT-G-04) on a 375 px phone from the member's page: the
change refused first without the place it goes to (the pack's rule in Chinese, nothing written), then recorded
with the receiving organisation under dual management; the member shows as flowing and the history lists the record.
Screenshot: /tmp/guifan-member-status-phone.png."""

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.members.models import Member, StatusChange
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def test_a_secretary_records_a_member_flowing_out_on_a_phone(browser, live_server, two_counties, shipped_pack):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    member = y["members"][1]
    t.user("secretary", Role.Kind.ORGANISATION, organisation=y["branch"])
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/members/{member.pk}/")
    form = page.locator("form.status-change")
    form.scroll_into_view_if_needed()
    form.locator("#id_change").select_option(label="外出流动")
    form.locator("#id_date").fill("2018-05-02")
    form.get_by_role("button", name="登记变更").click()
    expect(page.locator("form.status-change")).to_contain_text("外出流动须写明流向地")
    assert not StatusChange.objects.filter(member=member).exists()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE

    form = page.locator("form.status-change")
    form.locator("#id_destination").fill("广东省深圳市")
    form.locator("#id_receiving_organisation").fill("深圳市某某科技有限公司党支部")
    form.locator("#id_dual_management").check()
    form.locator("#id_activity_card").fill("LD2018001")
    form.get_by_role("button", name="登记变更").click()
    expect(page.locator("ul.messages")).to_contain_text("状态变更已登记")
    expect(page.locator("h1")).to_contain_text("流动")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-member-status-phone.png", full_page=True)
    change = StatusChange.objects.get(member=member)
    assert change.change == "flowing_out" and change.details["dual_management"] is True
    assert Member.objects.get(pk=member.pk).status == "flowing"
    context.close()
