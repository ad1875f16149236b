"""The member sheet's import: every row checked, nothing written when one row is wrong, a change-log
record per member written by members.actions.members_import."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.core.spreadsheets.errors_workbook import write_error_workbook
from guifan.core.spreadsheets.importing import import_workbook
from guifan.core.spreadsheets.testing import read
from guifan.members.models import Member
from guifan.members.sheets import SHEET

from .sheet_helpers import filled, member_row, run


def only_error(result):
    assert not result.ok and result.created == 0
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_round_trip_writes_members_and_change_log(two_counties, users):
    y = two_counties["yangshuo"]
    before = Member.objects.count()
    rows = [member_row(y["branch"], name="王芳", gender="女", category="预备党员", party_group=y["group"].code,
                       education="大学本科", status="正常"),
            member_row(y["committee"], name="赵强", ethnicity="瑶")]
    result = run(users["county"], rows)
    assert result.ok, result.errors
    assert result.created == 2 and Member.objects.count() == before + 2
    wang = Member.objects.get(name="王芳")
    assert (wang.gender, wang.category, wang.party_group, wang.ethnicity, wang.education) == (
        "F", "probationary", y["group"], "壮族", "bachelor")
    assert wang.reveal_id_number() == rows[0]["id_number"] and wang.reveal_phone() == "13907731234"
    assert Member.objects.get(name="赵强").ethnicity == "瑶族"
    logs = ChangeLog.objects.filter(source="import", object_type="members.member")
    assert {log.object_id for log in logs} == {str(m.pk) for m in Member.objects.filter(name__in=["王芳", "赵强"])}
    log = logs.get(object_id=str(wang.pk))
    assert log.user == users["county"] and log.region_path == y["township"].path
    assert rows[0]["id_number"] not in str(log.after)


def test_bad_check_digit(two_counties, users):
    row = member_row(two_counties["yangshuo"]["branch"])
    good = row["id_number"]
    row["id_number"] = good[:17] + ("0" if good[17] != "0" else "1")
    error = only_error(run(users["county"], [row]))
    assert (error.row, error.column) == (3, "公民身份号码")
    assert error.reason == _("The check digit of the ID number is wrong.")


def test_birth_date_in_future(two_counties, users):
    future = timezone.localdate() + dt.timedelta(days=30)
    row = member_row(two_counties["yangshuo"]["branch"], birth_date=future, joined_on=future)
    result = run(users["county"], [row])
    reasons = {(e.column, e.reason) for e in result.errors}
    assert ("出生日期", _("The birth date is in the future.")) in reasons
    assert result.created == 0


def test_unknown_organisation_code(two_counties, users):
    error = only_error(run(users["county"], [member_row(two_counties["yangshuo"]["branch"], organisation="NOPE")]))
    assert (error.column, error.reason) == ("所在党组织编码", "党组织编码不存在（或不在本人管理范围内）。")


def test_empty_required_field(two_counties, users):
    error = only_error(run(users["county"], [member_row(two_counties["yangshuo"]["branch"], name=None)]))
    assert (error.row, error.column, error.reason) == (3, "姓名", _("This field is required."))


def test_id_number_already_registered_in_scope_names_the_member(two_counties, users):
    branch = two_counties["yangshuo"]["branch"]
    registered = branch.members.first()
    row = member_row(branch, id_number=registered.reveal_id_number(), birth_date=dt.date(1980, 5, 17))
    error = only_error(run(users["county"], [row]))
    assert error.column == "公民身份号码"
    assert error.reason == f"该身份证号码的党员已登记：{registered.name}（{branch.name}）。"


def test_id_number_registered_outside_the_scope_does_not_say_so(two_counties, users):
    """A county user must not learn that a number belongs to a member elsewhere in the city."""
    branch = two_counties["yangshuo"]["branch"]
    elsewhere = two_counties["lingui"]["members"][0]
    row = member_row(branch, id_number=elsewhere.reveal_id_number(), birth_date=dt.date(1980, 5, 17))
    error = only_error(run(users["county"], [row]))
    assert (error.column, error.reason) == ("公民身份号码", "该身份证号码无法在此登记，请联系上级组织部门核实。")
    assert elsewhere.name not in error.reason and "已登记" not in error.reason


def test_id_number_twice_in_file(two_counties, users):
    branch = two_counties["yangshuo"]["branch"]
    first = member_row(branch)
    error = only_error(run(users["county"], [first, member_row(branch, name="重复", id_number=first["id_number"])]))
    assert (error.row, error.column, error.reason) == (4, "公民身份号码", "本文件第 3 行已有相同的身份证号码。")


def test_member_put_in_a_party_group(two_counties, users):
    group = two_counties["yangshuo"]["group"]
    error = only_error(run(users["county"], [member_row(two_counties["yangshuo"]["branch"], organisation=group.code)]))
    assert error.column == "所在党组织编码"
    assert error.reason == _("A member belongs to a branch, not to a party group; choose the group's branch.")


def test_text_in_a_date_column(two_counties, users):
    error = only_error(run(users["county"], [member_row(two_counties["yangshuo"]["branch"], joined_on="去年七一")]))
    assert (error.column, error.reason) == ("入党日期", "不是日期：请填写如 2024-07-01 的日期。")


def test_dates_typed_as_text_are_accepted(two_counties, users):
    row = member_row(two_counties["yangshuo"]["branch"], birth_date=dt.date(1985, 3, 9))
    row.update(birth_date="1985年3月9日", joined_on="2010/07/01")
    assert run(users["county"], [row]).ok


def test_birth_date_must_match_id_number(two_counties, users):
    row = member_row(two_counties["yangshuo"]["branch"])
    row["birth_date"] = dt.date(1985, 3, 10)
    error = only_error(run(users["county"], [row]))
    assert (error.column, error.reason) == ("出生日期", "出生日期与身份证号码中的出生日期不一致。")


def test_county_user_cannot_import_into_another_county(two_counties, users):
    lingui_branch = two_counties["lingui"]["branch"]
    error = only_error(run(users["county"], [member_row(lingui_branch)]))
    assert error.reason == "党组织编码不存在（或不在本人管理范围内）。"
    assert not Member.objects.filter(name="李明").exists()


def test_importing_twice_reports_every_duplicate_and_writes_nothing(two_counties, users):
    branch = two_counties["yangshuo"]["branch"]
    rows = [member_row(branch, name=f"党员甲{i}", birth_date=dt.date(1970 + i, 1, 2)) for i in range(5)]
    upload = filled(users["county"], rows)
    assert import_workbook(upload, SHEET, scope=Scope(users["county"]), user=users["county"]).ok
    count, logs = Member.objects.count(), ChangeLog.objects.count()
    upload.seek(0)
    again = import_workbook(upload, SHEET, scope=Scope(users["county"]), user=users["county"])
    assert [(e.row, e.column) for e in again.errors] == [(r, "公民身份号码") for r in range(3, 8)]
    assert (Member.objects.count(), ChangeLog.objects.count()) == (count, logs)


@pytest.mark.slow
def test_thousand_rows_with_one_bad_row_write_nothing(two_counties, users, tmp_path):
    branch = two_counties["yangshuo"]["branch"]
    base = dt.date(1950, 1, 1)
    rows = []
    for i in range(1000):
        birth = base + dt.timedelta(days=17 * i)
        rows.append(member_row(branch, name=f"批量{i}", birth_date=birth,
                               id_number=t.idcard.generate(t._rng, "450321", birth, i % 2 == 0)))
    rows[736]["category"] = "积极分子"  # not a member category: Excel row 739
    before = Member.objects.count()
    result = run(users["county"], rows)
    assert result.created == 0 and Member.objects.count() == before
    assert [(e.row, e.column) for e in result.errors] == [(739, "党员类别")]
    path = tmp_path / "errors.xlsx"
    write_error_workbook(result, str(path))
    wb = read(path.read_bytes())
    data, listing = wb.worksheets[0], wb["错误清单"]
    headers = [c.value for c in data[2]]
    assert headers[-1] == "错误"
    assert data.cell(739, 1).value == "批量736"
    assert "党员类别" in data.cell(739, len(headers)).value
    category_cell = data.cell(739, headers.index("党员类别") + 1)
    assert category_cell.value == "积极分子" and category_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert data.cell(740, len(headers)).value is None
    assert [c.value for c in listing[2]] == [739, "党员类别", result.errors[0].reason]
    assert listing.max_row == 2
