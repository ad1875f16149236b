"""The demo's reporting year walked up the chain on a 375 px phone (issue 10, "Done when"): the demo secretary
corrects and submits the returned 2018 yearly report and fills the quarterly and monthly grid, the township approves
the submitted reports, the county approves its own units and then the township as a whole, the city approves the
county. Every step starts from the account's home page, its to-do list (待办). The sample is the demo's own:
`guifan seed --scale tiny`, `guifan demo_figures` (the living year) and `guifan demo_accounts`."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from guifan.facts import periods
from guifan.facts.models import FactReport, Period
from guifan.seeding.demo import PASSWORD, demo_targets, ensure_demo_accounts
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS = "document.scrollingElement.scrollWidth"
PHONE = VIEWPORTS["phone"]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # demo accounts exist only with DEBUG on
    call_command("seed", scale="tiny", seed=1, stdout=io.StringIO())
    call_command("demo_figures", stdout=io.StringIO())
    ensure_demo_accounts()
    return demo_targets()


def _phone(browser, live_server, username):
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server.url, username, PASSWORD.format(role=username))
    return page


def _home(page, live_server, shot):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("待办")
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.screenshot(path=f"{SCREENSHOTS}/guifan-walk-{shot}.png", full_page=True)


def _submit(page):
    """报送, and when the form lists empty figures or warnings first, 仍然报送."""
    page.locator("button[name=submit]").first.click()
    page.wait_for_load_state()
    confirm = page.locator("button[name=confirm]")
    if confirm.count():
        confirm.first.click()
        page.wait_for_load_state()


def _ends_with(title):
    """A to-do item's link names the organisation or division, then the period: "… · 2018年"."""
    return re.compile(rf"· {re.escape(title)}\s*$")


def _ready(page, division, title):
    """The button that approves the division for the period, in the division's item among those ready."""
    item = page.locator("#todo-ready li").filter(has=page.locator(".what > a", has_text=division.name))
    return item.get_by_role("button", name=re.compile(rf"{re.escape(title)}$"))


def _approve_from_home(page, live_server, period_title, shot):
    """Opens each submitted report of the period from the to-do list and approves it, until none is left."""
    from playwright.sync_api import expect

    approved = 0
    while True:
        _home(page, live_server, f"{shot}-home")
        links = page.locator("#todo-approve li .what > a", has_text=_ends_with(period_title))
        if not links.count():
            return approved
        links.first.click()
        page.wait_for_load_state()
        page.locator("button[name=approve]").click()
        page.wait_for_load_state()
        expect(page.locator(".messages, .message").first).to_be_visible()
        approved += 1
        assert approved < 200, "the to-do list does not empty"


def test_the_demo_year_walks_up_the_chain_from_every_home_page(browser, live_server, demo):
    from playwright.sync_api import expect

    year = Period.yearly(2018)
    with translation.override("zh-hans"):
        yearly_title = periods.title(year)
    organisation, township, county = demo["organisation"], demo["township"], demo["county"]
    report = FactReport.objects.get(organisation=organisation, period=year)
    assert report.state == FactReport.State.RETURNED

    # The secretary: the returned yearly report, then the year's quarters and months on one page.
    page = _phone(browser, live_server, "organisation")
    _home(page, live_server, "1-secretary")
    item = page.locator("#todo-reports li", has_text=organisation.name).filter(has_text="退回")
    expect(item).to_contain_text(report.returned_reason)
    item.get_by_role("link").last.click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text(report.returned_reason)
    _submit(page)
    page.screenshot(path=f"{SCREENSHOTS}/guifan-walk-1-secretary-submitted.png", full_page=True)
    report.refresh_from_db()
    assert report.state == FactReport.State.SUBMITTED

    _home(page, live_server, "1-secretary-after")
    sub_year = page.locator("#todo-reports li", has_text=organisation.name).filter(has_text="季度")
    sub_year.get_by_role("link").first.click()
    page.wait_for_load_state()
    page.locator("#grid-link, a.grid-link").first.click()
    page.wait_for_load_state()
    expect(page.locator("#grid-quarterly")).to_be_visible()
    cells = page.locator(".period-grid input.figure")
    filled = 0
    for i in range(cells.count()):
        cell = cells.nth(i)
        if not cell.input_value():
            cell.fill("2")
            cell.press("Tab")
            expect(page.locator(f"#{cell.get_attribute('id').removeprefix('input-')} .saved")).to_be_visible()
            filled += 1
    assert filled, "the living quarter and months have empty figures to fill"
    assert page.evaluate(NO_SIDEWAYS) <= PHONE["width"]
    page.locator("#submit-ready").click()
    page.wait_for_load_state()
    if page.locator("#confirm-submit").count():
        page.locator("#confirm-submit").click()
        page.wait_for_load_state()
    page.screenshot(path=f"{SCREENSHOTS}/guifan-walk-1-secretary-grid.png", full_page=True)
    living = FactReport.objects.filter(organisation=organisation, period__code__in=["2018Q4", "201811", "201812"])
    assert set(living.values_list("state", flat=True)) == {FactReport.State.SUBMITTED}
    page.context.close()

    # The township approves the year's submitted reports, the secretary's among them.
    page = _phone(browser, live_server, "township")
    assert _approve_from_home(page, live_server, yearly_title, "2-township") > 0
    report.refresh_from_db()
    assert (report.state, report.approval_level) == (FactReport.State.APPROVED, "township")
    page.context.close()

    # The county approves its own units' reports, then the township as a whole.
    page = _phone(browser, live_server, "county")
    _approve_from_home(page, live_server, yearly_title, "3-county")
    ready = _ready(page, township, yearly_title)
    expect(ready).to_have_count(1)
    ready.click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.approval_level == "county"
    _home(page, live_server, "3-county-after")
    page.context.close()

    # The city approves the county.
    page = _phone(browser, live_server, "city")
    _home(page, live_server, "4-city")
    ready = _ready(page, county, yearly_title)
    expect(ready).to_have_count(1)
    ready.click()
    page.wait_for_load_state()
    _home(page, live_server, "4-city-after")
    page.context.close()
    in_county = FactReport.objects.filter(period=year, organisation__region__path__startswith=county.path)
    assert in_county.exists() and not in_county.exclude(approval_level="city").exists()
