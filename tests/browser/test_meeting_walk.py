"""Issue 11's walk at 375 px: a branch secretary records a branch member meeting (党员大会) of the living year with
two absentees on a phone; the check-up report then counts its quarter as held (only the other quarters are listed
as missed); a member of the branch sees the meeting and the points it earned, and an absentee the deduction."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.meetings.models import Meeting
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]
CRITERION = "#criterion-G-ACT-member-meetings"


@pytest.fixture
def branch(transactional_db):
    from guifan.assessment.actions import run_assessment

    version = ensure_shipped_pack_loaded()  # in effect in 2018 only: the record page starts on today's day of 2018
    village = t.host_unit("450321100", HostUnit.Kind.ADMIN_VILLAGE, name="走查村")
    org = t.organisation(village, Organisation.Kind.BRANCH, name="走查村党支部", founded_on=dt.date(2001, 7, 1))
    members = [t.member(org, name=f"走查党员{i}") for i in range(5)]
    t.user("walk_secretary", Role.Kind.ORGANISATION, organisation=org)
    t.user("walk_member", Role.Kind.MEMBER, member=members[4])
    t.user("walk_absentee", Role.Kind.MEMBER, member=members[0])
    run_assessment(2018, pack_version=version)  # the year's official run, before the meeting is recorded
    return org, members


def _phone(browser):
    return browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")


def test_record_a_meeting_then_the_checkup_and_the_members_see_it(browser, live_server, branch):
    from playwright.sync_api import expect

    org, members = branch
    context = _phone(browser)
    page = context.new_page()
    log_in(page, live_server.url, "walk_secretary")
    page.goto(f"{live_server.url}/meetings/organisation/{org.pk}/")
    page.get_by_role("link", name="登记会议").click()
    assert page.input_value("#id_held_on").startswith("2018-")  # a day the standard is in effect
    page.select_option("#id_kind", label="党员大会")
    page.fill("#id_held_on", "2018-02-09")
    page.fill("#id_topic", "学习新党章")
    page.fill("#id_host", "支部书记")
    page.fill("#id_minutes", "传达学习，讨论发言。")
    for member in members[:2]:
        page.locator(".att-row", has_text=member.name).get_by_text("缺席").click()
    expect(page.locator(".att-summary")).to_contain_text("缺席 2")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.get_by_role("button", name="登记会议").click()
    expect(page.locator(".messages")).to_contain_text("会议已登记")

    page.goto(f"{live_server.url}/assessment/orgs/{org.pk}/")
    row = page.locator(CRITERION)
    expect(row).to_contain_text("2018年第2季度")  # still missed
    expect(row).not_to_contain_text("2018年第1季度")  # held: the meeting counts
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-meeting-walk-checkup-phone.png", full_page=True)
    context.close()

    for username, sees in (("walk_member", "+2"), ("walk_absentee", "-3")):
        context = _phone(browser)
        page = context.new_page()
        log_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/meetings/mine/?year=2018")
        expect(page.locator("main")).to_contain_text("学习新党章")
        page.goto(f"{live_server.url}/points/me/?year=2018")
        expect(page.locator("main")).to_contain_text(sees)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
        page.screenshot(path=f"{SCREENSHOTS}/guifan-meeting-walk-{username}-phone.png", full_page=True)
        context.close()
    assert Meeting.objects.get().present == 3
