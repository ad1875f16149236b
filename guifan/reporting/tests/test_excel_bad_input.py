"""Every kind of bad input is refused with a clear message and nothing is written."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.core.spreadsheets.readers import UploadError
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactChange

from .excel_helpers import fill, import_as, make_template, nothing_written, township_fixture  # noqa: F401


@pytest.mark.parametrize("org, values, reason", [
    ("village1", {"democratic_appraisals": "four"}, "found text"),
    ("village1", {"venue_area_m2": -1}, "negative"),
    ("agency", {"community_report_rate": 101}, "over 100"),
    ("village1", {"democratic_appraisals": 2.5}, "whole number"),
    ("village1", {"v10r_flags": "maybe"}, "是 or 否"),
    ("community", {"member_poor_households": 1}, "do not report this fact"),
    ("village1", {"democratic_appraisals": "=2+2"}, "formula"),
    ("community", {"service_fund_city_share_yuan": 60000, "service_fund_yuan": 50000}, "cannot exceed"),
])
def test_bad_cells_are_errors_with_row_and_column(township, org, values, reason):
    code = township["orgs"][org].code
    other = township["orgs"]["village2"].code
    content = fill(make_template(township), {code: values, other: {"democratic_appraisals": 3}})
    result = import_as(township, content)
    assert not result.ok and len(result.errors) == 1
    error = result.errors[0]
    assert reason in error.reason and error.key in values and error.row >= 3
    assert nothing_written()


def test_error_workbook_marks_the_cell(township):
    from guifan.core.spreadsheets.errors_workbook import write_error_workbook

    code = township["orgs"]["village1"].code
    result = import_as(township, fill(make_template(township), {code: {"venue_area_m2": "big"}}))
    buffer = io.BytesIO()
    write_error_workbook(result, buffer)
    wb = load_workbook(io.BytesIO(buffer.getvalue()))
    listing = wb.worksheets[1]
    assert listing.cell(2, 1).value == result.errors[0].row and "found text" in listing.cell(2, 3).value
    data = wb.worksheets[0]
    keys = [c.value for c in data[1]]
    assert data.cell(result.errors[0].row, keys.index("venue_area_m2") + 1).value == "big"


@pytest.mark.parametrize("meta, message", [
    ({"version": "2017.9"}, "version 2017.9"),
    ({"checksum": "0" * 64}, "Download a new template"),
    ({"region": "450312100", "region_name": "临桂"}, "not within your scope"),
    ({"format": "something-else"}, "metadata"),
])
def test_workbook_for_another_region_or_pack_is_refused(township, meta, message):
    content = fill(make_template(township), {township["orgs"]["village1"].code: {"democratic_appraisals": 3}}, meta)
    with pytest.raises(UploadError, match=message):
        import_as(township, content)
    assert nothing_written()


def test_template_of_another_township_is_refused(township, users):
    from guifan import testing as t
    from guifan.reporting.excel import template

    buffer = io.BytesIO()
    template.build_template(buffer, pack=township["pack"], period=township["period"], region=t.region("450312100"),
                            scope=Scope(users["admin"]))
    with pytest.raises(UploadError, match="not within your scope"):
        import_as(township, buffer.getvalue())


def test_huge_file_and_zip_bomb_are_refused_before_reading(township):
    huge = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    with pytest.raises(UploadError, match="at most"):
        import_as(township, huge)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    with pytest.raises(UploadError, match="expand"):
        import_as(township, bomb.getvalue())


def test_not_a_facts_template_is_refused(township):
    from guifan.core.spreadsheets.writer import build_template
    from guifan.members.sheets import SHEET

    with pytest.raises(UploadError, match="not a facts template"):
        import_as(township, build_template(SHEET, Scope(township["user"])))


def test_approved_report_cannot_be_changed_but_an_unchanged_row_is_fine(township, users):
    org = township["orgs"]["village1"]
    report = get_report(org, township["period"])
    set_values(report, {"democratic_appraisals": 4})
    t.submit_and_approve(report, users["organisation"], users["township"])
    content = make_template(township)  # holds democratic_appraisals 4
    assert import_as(township, content).ok
    result = import_as(township, fill(content, {org.code: {"democratic_appraisals": 5}}))
    assert not result.ok and "approved and locked" in result.errors[0].reason
    report.refresh_from_db()
    assert report.values == {"democratic_appraisals": 4} and FactChange.objects.count() == 1


def test_unknown_organisation_and_duplicate_rows(township):
    content = make_template(township)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    ws.cell(ws.max_row + 1, 1, "NOPE").value = "NOPE"
    ws.cell(ws.max_row + 1, 1, township["orgs"]["village2"].code)
    buffer = io.BytesIO()
    wb.save(buffer)
    reasons = [e.reason for e in import_as(township, buffer.getvalue()).errors]
    assert any("No active organisation NOPE" in r for r in reasons) and any("already in row" in r for r in reasons)
    assert nothing_written()


def test_outliers_are_warnings_and_the_import_goes_through(township):
    code = township["orgs"]["village1"].code
    result = import_as(township, fill(make_template(township), {code: {"venue_area_m2": 30000}}))
    assert result.ok and result.changes == 1
    assert [w.key for w in result.warnings] == ["venue_area_m2"] and "20,000" in result.warnings[0].reason
