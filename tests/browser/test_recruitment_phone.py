"""A branch secretary moves a candidate (发展对象) to probationary member (预备党员) on a 375 px phone (ACT-G-03): the
branch meeting's vote (refused first without a quorum, with the article), the committee's talk and approval; the
applicant is then a probationary member of the branch; nothing wider than the screen."""

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.members.models import Member
from guifan.recruitment.models import Applicant
from guifan.recruitment.tests.walk import register, walk
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]


def _record(page, date, **numbers):
    page.fill("#id_date", date)
    for name, value in numbers.items():
        page.fill(f"#id_{name}", str(value))
    page.get_by_role("button", name="记录本步骤").click()
    page.wait_for_load_state()


def test_a_secretary_admits_a_candidate_on_a_phone(browser, live_server, two_counties):
    from playwright.sync_api import expect

    rules = ensure_shipped_pack_loaded().pack().recruitment
    y = two_counties["yangshuo"]
    applicant = walk(register(y["branch"], rules), rules, y["members"], until="form")
    t.user("secretary", Role.Kind.ORGANISATION, organisation=y["branch"])
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/recruitment/applicant/{applicant.pk}/")
    expect(page.locator("#next-step")).to_contain_text("支部大会讨论")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    _record(page, "2021-06-01", eligible_voters=4, present_voters=2, in_favour=2)
    expect(page.locator("body")).to_contain_text("到会人数不足")
    expect(page.locator("body")).to_contain_text("第二十一条")
    _record(page, "2021-06-01", eligible_voters=4, present_voters=3, in_favour=3)
    expect(page.locator("#next-step")).to_contain_text("上级党委派人谈话")
    _record(page, "2021-06-10")
    expect(page.locator("#next-step")).to_contain_text("上级党委审批")
    _record(page, "2021-09-01")
    expect(page.locator("#next-step")).to_contain_text("再上一级党委组织部门备案")
    applicant = Applicant.objects.get(pk=applicant.pk)
    assert applicant.member.category == Member.Category.PROBATIONARY
    assert applicant.member.organisation_id == y["branch"].pk
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    page.screenshot(path=f"{SCREENSHOTS}/guifan-recruitment-phone.png", full_page=True)
    context.close()
