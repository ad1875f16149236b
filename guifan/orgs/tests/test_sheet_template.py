"""The organisation template offers the units, regions and kinds of the user's scope."""

from guifan.accounts.scope import Scope
from guifan.core.spreadsheets.testing import read
from guifan.core.spreadsheets.writer import build_template
from guifan.orgs.sheets import COLUMNS as ORGANISATION_COLUMNS
from guifan.orgs.sheets import SHEET


def _letter(columns, key):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.key for c in columns].index(key)]


def _validation_for(ws, letter):
    return [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(f"{letter}3:")]


def test_organisation_template_offers_units_regions_and_kinds(users):
    wb = read(build_template(SHEET, Scope(users["county"])))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[2]][:5] == ["组织编码", "组织名称", "组织类别", "上级组织编码", "所在单位编码"]
    (kinds,) = _validation_for(ws, _letter(ORGANISATION_COLUMNS, "kind"))
    assert kinds.showErrorMessage
    (parents,) = _validation_for(ws, _letter(ORGANISATION_COLUMNS, "parent"))
    assert not parents.showErrorMessage  # a parent may be defined in the same file
    codes_text = {c.value for row in wb["代码表"].iter_rows() for c in row}
    assert "450321" in codes_text and "450312" not in codes_text
