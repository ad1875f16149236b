"""A branch secretary registers a member transferred in from outside the city on a 375 px phone (issue 12,
组织关系从市外转入): from the branch's transfers page to the form, refused first without the letter number (nothing
written), then registered; the member is in the branch and the transfer listed as received from outside the city.
Screenshot: /tmp/guifan-transfer-in-phone.png."""

import datetime as dt

import pytest
from django.utils import timezone

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.members.models import Member
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]
OUTSIDE = "中共深圳市南山区某某街道党工委"


def test_a_secretary_registers_a_member_from_outside_the_city_on_a_phone(browser, live_server, two_counties):
    from playwright.sync_api import expect

    branch = two_counties["yangshuo"]["branch"]
    t.user("secretary", Role.Kind.ORGANISATION, organisation=branch)
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/members/transfers/organisation/{branch.pk}/")
    page.get_by_role("link", name="登记市外转入").click()
    page.fill("#id_outside_name", OUTSIDE)
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_name", "转入党员乙")
    page.select_option("#id_gender", "F")
    page.fill("#id_id_number", t.id_number("440305", dt.date(1991, 4, 5), False))
    page.fill("#id_joined_on", "2016-07-01")
    page.select_option("#id_category", "full")
    page.get_by_role("button", name="登记党员").click()
    expect(page.locator("form.edit")).to_contain_text("此项为必填项")  # the letter number
    assert not Member.objects.filter(name="转入党员乙").exists()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE

    page.fill("#id_letter_number", "深南组转〔2018〕7号")
    page.fill("#id_id_number", t.id_number("440305", dt.date(1991, 4, 5), False))  # never shown back
    page.get_by_role("button", name="登记党员").click()
    page.wait_for_load_state()
    member = Member.objects.get(name="转入党员乙")
    assert member.organisation_id == branch.pk and member.transfers.get().from_outside_name == OUTSIDE
    page.goto(f"{live_server.url}/members/transfers/organisation/{branch.pk}/")
    expect(page.locator("main")).to_contain_text("转入党员乙")
    expect(page.locator("main")).to_contain_text(OUTSIDE)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-transfer-in-phone.png", full_page=True)
    context.close()
