"""The home page is a to-do list (issue 10 item 2), on a 375 px phone: the secretary taps a due report and is in its
form; the county taps a reminder and approves a ready township from it. No page scrolls sideways."""

import pytest

from guifan.accounts.scope import Scope
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import Period
from guifan.reporting import actions as workflow
from guifan.reporting import completeness
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS = "document.scrollingElement.scrollWidth"


def _year():
    ensure_shipped_pack_loaded()
    completeness.rebuild()
    return Period.yearly(2018)


def test_the_secretary_taps_a_due_report_on_the_home_page_and_gets_its_form(browser, live_server, users,
                                                                            two_counties):
    from playwright.sync_api import expect

    _year()
    committee = two_counties["yangshuo"]["committee"]
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = phone.new_page()
    log_in(page, live_server.url, "organisation")
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("待办")
    item = page.locator("#todo-reports li", has_text="2018年度报表").filter(has_text=committee.name)
    expect(item).to_contain_text("已逾期")
    assert page.evaluate(NO_SIDEWAYS) <= VIEWPORTS["phone"]["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-todo-secretary-phone.png", full_page=True)
    item.get_by_role("link", name="填报").click()
    expect(page).to_have_url(f"{live_server.url}/reports/{committee.pk}/2018/")
    expect(page.locator("h1")).to_contain_text(committee.name)
    phone.close()


def test_the_county_reminds_and_approves_a_township_from_its_home_page(browser, live_server, users, two_counties):
    from playwright.sync_api import expect

    year = _year()
    y = two_counties["yangshuo"]
    for org in (y["committee"], y["branch"]):
        report = get_report(org, year)
        set_values(report, {"democratic_appraisals": 4}, users["organisation"])
        workflow.approve(workflow.submit(report, users["organisation"]), users["township"], Scope(users["township"]))
    page = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN").new_page()
    log_in(page, live_server.url, "county")  # once: a second factor's code is good for one login only
    for name in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[name])
        page.goto(live_server.url + "/")
        expect(page.locator("#todo-ready")).to_contain_text(y["township"].name)
        assert page.evaluate(NO_SIDEWAYS) <= VIEWPORTS[name]["width"]
        page.screenshot(path=f"{SCREENSHOTS}/guifan-todo-county-{name}.png", full_page=True)
    page.locator("#todo-divisions tr", has_text=y["township"].name).get_by_role("button", name="催报").click()
    expect(page.locator(".messages")).to_contain_text("催报提醒")
    page.locator("#todo-ready li", has_text=y["township"].name).get_by_role("button", name="审核通过").click()
    expect(page.locator(".messages")).to_contain_text(y["township"].name)
    page.goto(live_server.url + "/")
    expect(page.locator("#todo-ready")).to_have_count(0)  # approved: no longer waiting
