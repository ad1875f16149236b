"""Issue 13 item 3's walk (M03), the county on a 375 px phone: the county lists an organisation for rectification
and confirms it, its tasks come from its failed criteria; the organisation posts evidence and closes a task; a fresh
official assessment over changed figures (the reassessment) gives three stars or more; the county signs it off; the
city sees the count change."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = VIEWPORTS["phone"]["width"]
LOW = ("unresolved", "short", "missing")  # facts where fewer is better
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def figures(pack, domain: str, good: bool) -> tuple[dict, dict]:
    """(reported, derived) figures of every fact of the domain: good ones, or the same with every yes/no a no."""
    reported, derived = {}, {}
    for f in pack.facts.values():
        if domain not in f.domains or f.type not in ("boolean", "enum", "integer", "number", "percent"):
            continue
        if f.type == "boolean":
            value = good
        elif f.type == "enum":
            value = f.values[0]
        else:
            value = 0 if any(w in f.code for w in LOW) else (100 if f.type == "percent" else 1000)
        (derived if f.derived_from else reported)[f.code] = value
    return reported, derived


def report(org, pack, good: bool) -> FactReport:
    reported, derived = figures(pack, org.domain, good)
    FactReport.objects.filter(organisation=org, period=Period.yearly(2018)).delete()
    return FactReport.objects.create(organisation=org, period=Period.yearly(2018), values=reported, derived=derived,
                                     state=FactReport.State.APPROVED)


@pytest.fixture
def village(transactional_db):
    from guifan.assessment.actions import run_assessment
    from guifan.assessment.models import OrganisationResult
    from guifan.orgs import rollups

    version = ensure_shipped_pack_loaded()
    unit = t.host_unit("450321100", HostUnit.Kind.ADMIN_VILLAGE, name="整顿村")
    org = t.organisation(unit, Organisation.Kind.BRANCH, name="整顿村党支部", founded_on=dt.date(2001, 7, 1))
    for i in range(5):
        t.member(org, name=f"整顿党员{i}")
    rollups.rebuild()
    t.user("walk_county", Role.Kind.COUNTY, region=t.region("450321"))
    t.user("walk_city", Role.Kind.CITY, region=t.region("450300"))
    t.user("walk_branch", Role.Kind.ORGANISATION, organisation=org)
    report(org, version.pack(), good=False)
    run = run_assessment(2018, pack_version=version)
    result = OrganisationResult.objects.get(run=run, organisation=org)
    assert result.stars == 1  # the lowest band, with criteria failed
    return org, version, sum(1 for v in result.verdicts.values() if v[0] == "fail")


def _phone(browser):
    return browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")


def _fits(page):
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE


def _count(page, url, name):
    page.goto(f"{url}/rectification/?year=2018")
    return page.locator(f"[data-count={name}]").inner_text().strip()


def test_list_rectify_reassess_sign_off(browser, live_server, village, tmp_path):
    from playwright.sync_api import expect

    from guifan.assessment.actions import run_assessment

    org, version, failed = village
    url = live_server.url
    city = _phone(browser).new_page()
    log_in(city, url, "walk_city")
    assert _count(city, url, "listed") == "0"

    county = _phone(browser).new_page()
    log_in(county, url, "walk_county")
    county.goto(f"{url}/rectification/?year=2018")
    _fits(county)
    county.fill("#id_code", org.code)
    county.fill("#id_reason", "2017年直评联考认定为后进")
    county.locator("form[action*='/rectification/name/'] button[type=submit]").click()
    expect(county.locator(".messages")).to_contain_text("已列入该组织")
    county.fill("#id_responsible_leader", "李县长")
    county.fill("#id_first_secretary", "王书记")
    county.locator("form[action$='/confirm/'] button[type=submit]").click()
    expect(county.locator(".messages")).to_contain_text("已确认列入")
    expect(county.locator("article.task")).to_have_count(failed)
    _fits(county)
    county.screenshot(path=f"{SCREENSHOTS}/guifan-rectification-walk-tasks-phone.png", full_page=True)
    detail = county.url
    assert _count(city, url, "in_progress") == "1"

    branch = _phone(browser).new_page()
    log_in(branch, url, "walk_branch")
    branch.goto(detail)
    task = branch.locator("article.task").first
    task.locator("form[action$='/close/'] button").click()
    expect(branch.locator(".messages")).to_contain_text("没有佐证材料的任务不能完成")
    photo = tmp_path / "整改照片.png"
    photo.write_bytes(PNG)
    task = branch.locator("article.task").first
    task.locator("input[type=file]").set_input_files(str(photo))
    task.locator("form[action$='/files/'] button").click()
    expect(branch.locator(".messages")).to_contain_text("文件已作为佐证材料保存")
    branch.locator("article.task").first.locator("form[action$='/close/'] button").click()
    expect(branch.locator(".messages")).to_contain_text("任务已完成")
    expect(branch.locator("article.task").first).to_contain_text("已完成")
    _fits(branch)

    county.goto(detail)
    county.locator("form[action$='/sign-off/'] button").click()
    expect(county.locator(".messages")).to_contain_text("请先进行重新评定")

    report(org, version.pack(), good=True)  # the facts changed; the reassessment is a fresh official run
    run_assessment(2018, pack_version=version)
    county.goto(detail)
    county.locator("form[action$='/sign-off/'] button").click()
    expect(county.locator(".messages")).to_contain_text("整顿已验收")
    _fits(county)
    county.screenshot(path=f"{SCREENSHOTS}/guifan-rectification-walk-signed-off-phone.png", full_page=True)

    assert _count(city, url, "signed_off") == "1"
    assert _count(city, url, "in_progress") == "0"
    _fits(city)
