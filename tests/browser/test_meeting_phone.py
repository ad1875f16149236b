"""Recording a meeting on a 375 px phone (issue 11): a branch secretary opens the branch's meetings, taps 登记会议,
types the topic, host and minutes, taps 缺席 for two members (everyone else stays present) and records; the
meeting's page names the two absentees and the branch's meetings page lists the meeting."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.meetings.models import Attendance, Meeting
from guifan.standards.models import PackVersion
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def test_a_secretary_records_a_meeting_with_two_absentees_on_a_phone(browser, live_server, two_counties):
    from playwright.sync_api import expect

    pack = ensure_shipped_pack_loaded()
    PackVersion.objects.filter(pk=pack.pk).update(effective_to=dt.date(2099, 12, 31))  # in effect today
    y = two_counties["yangshuo"]
    branch, members = y["branch"], y["members"]
    t.user("branch_secretary", Role.Kind.ORGANISATION, organisation=branch)
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "branch_secretary")

    page.goto(f"{live_server.url}/meetings/organisation/{branch.pk}/")
    page.get_by_role("link", name="登记会议").click()
    expect(page.locator("h1")).to_contain_text("登记会议")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.fill("#id_topic", "学习党章第一章")
    page.fill("#id_host", "支部书记")
    page.fill("#id_minutes", "传达学习，讨论发言。")
    for member in members[:2]:
        row = page.locator(".att-row", has_text=member.name)
        row.get_by_text("缺席").click()
        expect(row).to_have_class("att-row is-absent")
    expect(page.locator(".att-summary")).to_contain_text("缺席 2")
    expect(page.locator(".att-reason").first).to_be_hidden()  # the reason asks only for a member on leave
    page.screenshot(path=f"{SCREENSHOTS}/guifan-meeting-record-phone.png", full_page=True)
    page.get_by_role("button", name="登记会议").click()

    expect(page.locator(".messages")).to_contain_text("会议已登记")
    expect(page.locator("h1")).to_contain_text("学习党章第一章")
    for member in members[:2]:
        expect(page.locator("main")).to_contain_text(member.name)
    page.get_by_role("link", name="本组织的全部会议").click()
    expect(page.locator(".meeting-list")).to_contain_text("学习党章第一章")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    context.close()

    meeting = Meeting.objects.get()
    absent = set(Attendance.objects.filter(meeting=meeting, status="absent").values_list("member_id", flat=True))
    assert absent == {members[0].pk, members[1].pk} and meeting.present == len(members) - 2
