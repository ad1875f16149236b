"""The figures workbook in Chromium on a phone (375 px): a township official downloads the year's template, uploads it
with a bad cell, sees the error with its row and column and gets the marked file, fixes it and imports it; a village
secretary downloads the template of a quarter for their own organisations."""

import io

import pytest
from openpyxl import load_workbook

from guifan.facts.models import FactReport, Period
from guifan.reporting.tests.excel_helpers import fill, read_template
from guifan.standards.selectors import ensure_shipped_pack_loaded
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS
from tests.browser.test_report import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOWNSHIP = "450321100"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def pack_of_2018(transactional_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # error workbooks
    ensure_shipped_pack_loaded()
    Period.yearly(2018)


def _download(page, button, path) -> bytes:
    with page.expect_download() as download:
        button.click()
    download.value.save_as(path)
    return path.read_bytes()


def _upload(page, content: bytes, path) -> None:
    path.write_bytes(content)
    page.locator("#facts_import_file").set_input_files(str(path))
    page.locator("#facts-import button[type=submit]").click()


def test_township_official_fixes_a_bad_cell_and_imports(phone, live_server, users, two_counties, pack_of_2018,
                                                        tmp_path):
    from playwright.sync_api import expect

    page, committee = phone, two_counties["yangshuo"]["committee"]
    _login(page, live_server.url, "township")
    page.goto(f"{live_server.url}/excel/#facts")
    expect(page.locator("#facts_region")).to_have_value(TOWNSHIP)
    expect(page.locator("#facts_period")).to_have_value("2018")
    content = _download(page, page.locator("#facts-template button[type=submit]"), tmp_path / "template.xlsx")
    codes = read_template(content)["codes"]
    assert codes == sorted([committee.code, two_counties["yangshuo"]["branch"].code])
    row = 3 + codes.index(committee.code)

    _upload(page, fill(content, {committee.code: {"democratic_appraisals": "两次"}}), tmp_path / "bad.xlsx")
    expect(page.locator(".notice.error")).to_be_visible()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.locator("td").nth(0)).to_have_text(str(row))
    expect(errors.locator("td").nth(1)).to_contain_text("民主评议党员次数")
    expect(errors.locator("td").nth(2)).to_contain_text("两次")
    page.screenshot(path=f"{SCREENSHOTS}/guifan-facts-import-errors-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    marked = _download(page, page.locator(".notice.error a.button"), tmp_path / "errors.xlsx")
    listing = load_workbook(io.BytesIO(marked)).worksheets[1]
    assert listing.cell(2, 1).value == row
    assert not FactReport.objects.exists()

    _upload(page, fill(content, {committee.code: {"democratic_appraisals": 2}}), tmp_path / "fixed.xlsx")
    expect(page.locator(".notice.success")).to_be_visible()
    report = FactReport.objects.get(organisation=committee, period__code="2018")
    assert report.values == {"democratic_appraisals": 2}


def test_village_secretary_downloads_the_template_of_a_quarter(phone, live_server, users, two_counties, pack_of_2018,
                                                              tmp_path):
    from playwright.sync_api import expect

    y = two_counties["yangshuo"]
    _login(phone, live_server.url, "organisation")
    phone.goto(f"{live_server.url}/excel/#facts")
    expect(phone.locator("#facts_region")).to_have_count(0)
    phone.locator("#facts_period").select_option("2018Q1")
    phone.locator("#facts").screenshot(path=f"{SCREENSHOTS}/guifan-facts-excel-organisation-phone.png")
    assert phone.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    content = _download(phone, phone.locator("#facts-template button[type=submit]"), tmp_path / "quarter.xlsx")
    workbook = read_template(content)
    assert workbook["codes"] == sorted([y["committee"].code, y["branch"].code])
    assert workbook["facts"] == ["branch_member_meetings", "party_lectures"]
    assert workbook["meta"]["period"] == "2018Q1" and workbook["meta"]["organisation"] == y["committee"].code
