"""A branch secretary records the branch committee on a 375 px phone (issue 11, 支部工作条例): from the branch's page
to 支部委员会, only full members offered, a date in the future refused, three posts appointed; the page
then says the committee is recorded and its monthly meeting due, and the register's secretary follows the 书记 post.
Screenshot: /tmp/guifan-committee-phone.png."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.members.models import Member, Post
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def _appoint(page, member: str, post: str, day: str) -> None:
    form = page.locator("section[aria-labelledby=committee-appoint] form")
    form.locator("#id_member").select_option(label=member)
    form.locator("#id_post").select_option(label=post)
    form.locator("#id_started_on").fill(day)
    form.get_by_role("button", name="任职").click()
    page.wait_for_load_state()


def test_a_secretary_records_the_branch_committee_on_a_phone(browser, live_server, two_counties, shipped_pack):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    branch = y["branch"]
    full = y["members"][:3]
    probationary = t.member(branch, name="预备党员甲", category=Member.Category.PROBATIONARY,
                            joined_on=dt.date(2017, 6, 1))
    t.user("secretary", Role.Kind.ORGANISATION, organisation=branch)
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/orgs/{branch.pk}/")
    page.get_by_role("link", name="支部委员会").click()
    expect(page.locator("h1")).to_contain_text("支部委员会")

    offered = page.locator("#id_member option").all_inner_texts()
    assert probationary.name not in offered and {m.name for m in full} <= set(offered)  # full members only
    _appoint(page, full[0].name, "书记", "2030-03-01")
    expect(page.locator("section[aria-labelledby=committee-appoint]")).to_contain_text("晚于今天")  # refused
    assert not Post.objects.filter(organisation=branch).exists()

    for member, post in zip(full, ("书记", "组织委员", "宣传委员"), strict=True):
        _appoint(page, member.name, post, "2018-03-01")
    expect(page.locator("section[aria-labelledby=committee-now]")).to_contain_text("已记录支部委员会")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-committee-phone.png", full_page=True)
    branch.refresh_from_db()
    assert branch.secretary_id == full[0].pk
    assert Post.objects.filter(organisation=branch, ended_on__isnull=True).count() == 3
    context.close()
