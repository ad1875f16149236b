"""A member's own points on a 375 px phone (M08): the total, the rank and every entry with how it was earned, and
nothing wider than the screen."""

import datetime as dt

import pytest

from guifan.meetings.models import Attendance, Meeting
from guifan.points import actions
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def test_a_member_reads_their_points_on_a_phone(browser, live_server, users, two_counties):
    from playwright.sync_api import expect

    ensure_shipped_pack_loaded()
    y = two_counties["yangshuo"]
    member = y["members"][0]
    for day, kind in ((dt.date(2018, 3, 1), "party_lecture"), (dt.date(2018, 4, 2), "group_meeting")):
        meeting = Meeting.objects.create(organisation=y["branch"], kind=kind, held_on=day, topic="学习党章")
        Attendance.objects.create(meeting=meeting, member=member, status="present", has_vote=True)
    meeting = Meeting.objects.create(organisation=y["branch"], kind="member_meeting", held_on=dt.date(2018, 5, 2),
                                     topic="党员大会")
    Attendance.objects.create(meeting=meeting, member=member, status="absent", has_vote=True)
    actions.compute_year(2018)
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/points/me/?year=2018")
    expect(page.locator("h1")).to_contain_text("我的积分")
    expect(page.locator("#points-total")).to_have_text("60.0")  # 60 + 2 + 1 - 3
    ledger = page.locator("ul.ledger:not(#point-records) li")
    expect(ledger).to_have_count(4)
    expect(page.locator("ul.ledger:not(#point-records)")).to_contain_text("无故缺席党员大会")
    expect(page.locator("ul.ledger:not(#point-records)")).to_contain_text("年度基础分")
    # each record with what it gave: the lecture, the group meeting, the absence without leave (M08)
    expect(page.locator("#point-records li")).to_have_count(3)
    expect(page.locator("#point-records")).to_contain_text("-3.0")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-points-phone.png", full_page=True)
    context.close()
