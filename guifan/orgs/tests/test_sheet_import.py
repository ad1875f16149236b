"""The organisation sheet's import: a file registering units and organisations (parents anywhere in the file) is
written by orgs.actions.organisations_import, all or nothing, with a change-log record per object."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.core.spreadsheets.importing import import_workbook
from guifan.core.spreadsheets.testing import filled
from guifan.orgs.models import HostUnit, Organisation
from guifan.orgs.sheets import SHEET


def run(user, rows):
    return import_workbook(filled(SHEET, Scope(user), rows), SHEET, scope=Scope(user), user=user)


def new_village_rows(committee_code="ORG-N-1"):
    """A branch listed before the committee it belongs to, in a village registered by the same file."""
    return [
        {"code": "ORG-N-2", "name": "新村第一党支部", "kind": "党支部", "parent": committee_code,
         "host_unit": "U-NEW-1", "term_start": dt.date(2023, 1, 1), "term_end": dt.date(2026, 1, 1)},
        {"code": committee_code, "name": "新村党总支", "kind": "党总支", "parent": "", "host_unit": "U-NEW-1",
         "unit_name": "新村", "unit_kind": "行政村", "unit_region": "450321100", "unit_headcount": 1200,
         "setup": "单独组建", "founded_on": dt.date(1999, 7, 1)},
        {"code": "ORG-N-3", "name": "新村第一党小组", "kind": "党小组", "parent": "ORG-N-2", "host_unit": "U-NEW-1"},
    ]


def test_round_trip_with_new_unit_and_parent_later_in_file(users):
    result = run(users["county"], new_village_rows())
    assert result.ok, result.errors
    assert (result.created, result.notes) == (3, ["新登记单位 1 个。"])
    unit = HostUnit.objects.get(code="U-NEW-1")
    assert (unit.name, unit.kind, unit.region.code, unit.headcount) == ("新村", "admin_village", "450321100", 1200)
    committee, branch, group = (Organisation.objects.get(code=c) for c in ("ORG-N-1", "ORG-N-2", "ORG-N-3"))
    assert branch.parent == committee and group.parent == branch and committee.parent is None
    assert group.path == f"/{committee.pk}/{branch.pk}/{group.pk}/" and group.depth == 2
    assert committee.domain == "R" and committee.region == unit.region and committee.founded_on == dt.date(1999, 7, 1)
    assert branch.term_end == dt.date(2026, 1, 1)
    assert Organisation.objects.within(committee).count() == 3
    logged = set(ChangeLog.objects.filter(source="import").values_list("object_type", "object_id"))
    assert logged == {("orgs.hostunit", str(unit.pk))} | {("orgs.organisation", str(o.pk))
                                                          for o in (committee, branch, group)}


def test_under_a_registered_parent(two_counties, users):
    committee = two_counties["yangshuo"]["committee"]
    rows = [{"code": "ORG-X", "name": "第二党支部", "kind": "党支部", "parent": committee.code,
             "host_unit": two_counties["yangshuo"]["village"].code}]
    assert run(users["organisation"], rows).ok
    assert Organisation.objects.get(code="ORG-X").path.startswith(committee.path)


def test_errors_across_the_file(two_counties, users):
    y = two_counties["yangshuo"]
    rows = [
        {"code": y["branch"].code, "name": "已有编码", "kind": "党支部", "host_unit": y["village"].code},
        {"code": "A1", "name": "甲", "kind": "党支部", "parent": "A2", "host_unit": y["village"].code},
        {"code": "A2", "name": "乙", "kind": "党总支", "parent": "A1", "host_unit": y["village"].code},
        {"code": "A1", "name": "重复", "kind": "党委", "host_unit": y["village"].code},
        {"code": "B1", "name": "丙", "kind": "党小组", "parent": y["group"].code, "host_unit": y["village"].code},
        {"code": "C1", "name": "丁", "kind": "党支部", "host_unit": "U-NONE"},
        {"code": "D1", "name": "戊", "kind": "党支部", "host_unit": "U-D", "unit_name": "外县村",
         "unit_kind": "行政村", "unit_region": "450312100"},
        {"code": "E1", "name": "己", "kind": "党支部", "parent": two_counties["lingui"]["branch"].code,
         "host_unit": y["village"].code, "term_start": dt.date(2024, 1, 1), "term_end": dt.date(2023, 1, 1)},
    ]
    result = run(users["county"], rows)
    found = {(e.row, e.column): e.reason for e in result.errors}
    assert found[(3, "组织编码")] == _("An organisation with this code already exists.")
    loop = "本行的上级组织层层追溯后又回到了本组织（循环隶属）。"
    assert found[(4, "上级组织编码")] == found[(5, "上级组织编码")] == loop
    assert found[(6, "组织编码")] == "本文件第 4 行已有相同的组织编码。"
    assert (7, "上级组织编码") in found  # nothing goes under a party group
    assert found[(8, "所在单位编码")].startswith("单位编码不存在")
    assert found[(9, "所属区划代码")] == "区划代码不存在（或不在本人管理范围内）。"
    assert found[(10, "上级组织编码")] == "上级组织编码不存在（或不在本人管理范围内）。"
    assert (10, "本届任期届满") in found
    assert result.created == 0 and not Organisation.objects.filter(code__in=["A1", "A2", "C1", "D1", "E1"]).exists()
    assert not HostUnit.objects.filter(code="U-D").exists()


def test_organisation_role_must_name_a_parent(two_counties, users):
    rows = [{"code": "TOP", "name": "顶层", "kind": "党委", "host_unit": two_counties["yangshuo"]["village"].code}]
    (error,) = run(users["organisation"], rows).errors
    assert error.column == "上级组织编码"


def test_unit_code_of_another_county_cannot_be_reused(two_counties, users):
    lingui_unit = two_counties["lingui"]["village"].code
    rows = [{"code": "Z1", "name": "子", "kind": "党支部", "host_unit": lingui_unit, "unit_name": "抢注",
             "unit_kind": "行政村", "unit_region": "450321100"}]
    (error,) = run(users["county"], rows).errors
    assert error.reason == "不能使用该单位编码：它不是本人管理范围内的单位。"


def test_import_page_says_what_was_registered(client, users):
    client.force_login(users["county"])
    response = client.post(reverse("spreadsheets:import", args=["organisations"]),
                           {"file": filled(SHEET, Scope(users["county"]), new_village_rows())})
    html = response.content.decode()
    assert response.status_code == 200 and "已写入 3 条记录" in html and "新登记单位 1 个。" in html
