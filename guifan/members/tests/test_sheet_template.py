"""The member template: Chinese headers over hidden keys, text and date formats, drop-downs and the codes of the
user's scope."""

import pytest

from guifan.accounts.scope import Scope
from guifan.core.spreadsheets.testing import read
from guifan.core.spreadsheets.writer import build_template
from guifan.members.sheets import COLUMNS as MEMBER_COLUMNS
from guifan.members.sheets import SHEET


def _letter(columns, key):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.key for c in columns].index(key)]


def _validation_for(ws, letter):
    return [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(f"{letter}3:")]


@pytest.fixture
def member_template(users):
    return read(build_template(SHEET, Scope(users["county"])))


def test_member_template_has_chinese_headers_keys_and_protected_header(member_template):
    ws = member_template.worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["name", "gender", "ethnicity"]
    headers = [c.value for c in ws[2]]
    assert headers[:5] == ["姓名", "性别", "民族", "出生日期", "公民身份号码"]
    assert "所在党组织编码" in headers and "党员类别" in headers
    assert ws.row_dimensions[1].hidden
    assert ws.protection.sheet
    assert ws["A2"].protection.locked
    assert ws.column_dimensions["A"].protection.locked is False
    assert ws.freeze_panes == "A3"


def test_member_template_formats_text_and_date_columns(member_template):
    ws = member_template.worksheets[0]
    for key in ("id_number", "phone", "organisation", "party_group"):
        assert ws.column_dimensions[_letter(MEMBER_COLUMNS, key)].number_format == "@", key
    for key in ("birth_date", "joined_on"):
        assert ws.column_dimensions[_letter(MEMBER_COLUMNS, key)].number_format == "yyyy-mm-dd", key


def test_member_template_dropdowns_point_at_lists(member_template):
    ws = member_template.worksheets[0]
    options = member_template["选项"]
    assert options.sheet_state == "hidden"
    for key, expected in (("gender", "男"), ("category", "预备党员"), ("ethnicity", "壮族"), ("status", None),
                          ("education", None)):
        (validation,) = _validation_for(ws, _letter(MEMBER_COLUMNS, key))
        assert validation.type == "list"
        sheet, cells = validation.formula1.split("!")
        values = [c.value for row in member_template[sheet.strip("'")][cells.replace("$", "")] for c in row]
        assert len(values) >= 2
        if expected:
            assert expected in values
    (dates,) = _validation_for(ws, _letter(MEMBER_COLUMNS, "birth_date"))
    assert dates.type == "date"


def test_member_template_codes_sheet_lists_only_the_scope(member_template, two_counties):
    codes = member_template["代码表"]
    listed = {c.value for c in codes["A"]}
    y, lingui = two_counties["yangshuo"], two_counties["lingui"]
    assert y["branch"].code in listed and y["committee"].code in listed
    assert y["group"].code not in listed  # a group cannot hold members
    assert lingui["branch"].code not in listed
    assert y["group"].code in {c.value for c in codes["E"]}
    ws = member_template.worksheets[0]
    (validation,) = _validation_for(ws, _letter(MEMBER_COLUMNS, "organisation"))
    assert validation.formula1.startswith("'代码表'!$A$2:$A$")


def test_instructions_sheet_explains_every_column(member_template):
    ws = member_template["填写说明"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for column in MEMBER_COLUMNS:
        assert str(column.header) in text
    assert "必填" in text and "2024-07-01" in text and "男、女" in text
