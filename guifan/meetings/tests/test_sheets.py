"""The meetings sheet: its template, an all-or-nothing import of meetings with their absentees (each bad row named
by row and column, nothing written), the error workbook, and the export of the scope's meetings."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation

from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.core.spreadsheets import testing as sheets
from guifan.core.spreadsheets.errors_workbook import write_error_workbook
from guifan.core.spreadsheets.importing import import_workbook
from guifan.meetings import actions
from guifan.meetings.models import Appraisal, Attendance, Meeting
from guifan.meetings.sheets import SHEET

DAY = dt.date(2018, 3, 9)


def row(org, **fields):
    data = {"organisation": org.code, "kind": "党员大会", "held_on": DAY, "topic": "学习党章", "place": "村部",
            "host": "书记", "minutes": "会议记录"}
    data.update(fields)
    return data


def run(user, rows):
    return import_workbook(sheets.filled(SHEET, Scope(user), rows), SHEET, scope=Scope(user), user=user)


def test_template_offers_the_kinds_and_the_scopes_codes(two_counties, users, shipped_pack):
    book = sheets.read(sheets.filled(SHEET, Scope(users["county"]), []).read())
    text = " ".join(str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value)
    assert "党员大会" in text and two_counties["yangshuo"]["branch"].code in text
    assert two_counties["lingui"]["branch"].code not in text


def test_import_records_each_meeting_with_its_absentees(two_counties, users, shipped_pack):
    y = two_counties["yangshuo"]
    m = y["members"]
    result = run(users["county"], [
        row(y["branch"], absent=f"{m[0].name}、{m[1].name}", leave=f"{m[2].name}：外出务工"),
        row(y["branch"], kind="党课", lecturer="王书记", topic="党课：初心", held_on=dt.date(2018, 4, 2)),
        row(y["branch"], kind="民主评议党员", held_on=dt.date(2018, 12, 1), absent=m[3].name,
            grades=f"{m[0].name}：优秀；{m[1].name}：合格；{m[2].name}：基本合格"),
    ])
    assert result.ok, result.errors
    assert result.created == 3 and Meeting.objects.count() == 3
    first = Meeting.objects.get(held_on=DAY)
    assert first.present == 1
    assert Attendance.objects.get(meeting=first, member=m[2]).reason == "外出务工"
    assert Appraisal.objects.filter(grade="excellent", member=m[0]).exists()
    assert ChangeLog.objects.filter(object_type="meetings.meeting", source="import").count() == 3


@pytest.mark.parametrize("case,column,words", [
    ("future", "held_on", "未来"),
    ("before_founded", "held_on", "成立"),
    ("stranger", "absent", "不是本组织的党员"),
    ("twice", "leave", "重复"),
    ("leave_without_reason", "leave", "原因"),
    ("outside_scope", "organisation", "不在"),
    ("no_grades", "grades", "等次"),
])
def test_a_bad_row_is_named_and_nothing_is_written(two_counties, users, shipped_pack, case, column, words):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    m = y["members"]
    bad = {
        "future": row(y["branch"], held_on=dt.date(2099, 1, 1)),
        "before_founded": row(y["branch"], held_on=dt.date(2018, 1, 2)),
        "stranger": row(y["branch"], absent=ling["members"][0].name),
        "twice": row(y["branch"], absent=m[0].name, leave=f"{m[0].name}：生病"),
        "leave_without_reason": row(y["branch"], leave=m[0].name),
        "outside_scope": row(ling["branch"]),
        "no_grades": row(y["branch"], kind="民主评议党员"),
    }[case]
    if case == "before_founded":
        y["branch"].founded_on = dt.date(2018, 2, 1)
        y["branch"].save()
    result = run(users["county"], [row(y["branch"]), bad])
    assert not result.ok and result.created == 0
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    errors = [e for e in result.errors if e.row == 4]
    assert errors and errors[0].key == column, result.errors
    assert words in errors[0].reason, errors[0].reason
    assert all(e.row == 4 for e in result.errors)
    buffer = io.BytesIO()
    write_error_workbook(result, buffer)
    book = sheets.read(buffer.getvalue())
    cells = " ".join(str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value)
    assert words in cells and "学习党章" in cells  # the rows as uploaded, with the reason


def test_export_lists_the_scopes_meetings_with_who_missed_them(client, two_counties, users, shipped_pack):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    for org, members in ((y["branch"], y["members"]), (ling["branch"], ling["members"])):
        attendance = {mm.pk: ("present", "") for mm in members}
        attendance[members[0].pk] = ("absent", "")
        attendance[members[1].pk] = ("leave", "生病")
        actions.record_meeting(org, kind="member_meeting", held_on=DAY, attendance=attendance, topic="议题",
                               host="书记", minutes="记录")
    client.force_login(users["county"])
    response = client.get(reverse("spreadsheets:export", args=["meetings"]), {"year": "2018"})
    assert response.status_code == 200
    book = sheets.read(b"".join(response.streaming_content))
    values = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    text = str(values)
    assert y["members"][0].name in text and f"{y['members'][1].name}：生病" in text
    assert ling["members"][0].name not in text and ling["branch"].code not in text


def test_export_reads_back_as_an_import(two_counties, users, shipped_pack):
    with translation.override("zh-hans"):
        headers, _text, rows = SHEET.export_rows(Meeting.objects.none())
    assert headers[:len(SHEET.columns)] == [str(c.header) for c in SHEET.columns]


def test_the_excel_pages_serve_the_meetings_sheet(client, two_counties, users, shipped_pack):
    y = two_counties["yangshuo"]
    client.force_login(users["county"])
    assert "组织生活及出席情况" in client.get(reverse("spreadsheets:index")).content.decode()
    response = client.get(reverse("spreadsheets:template", args=["meetings"]))
    assert response.status_code == 200
    template = b"".join(response.streaming_content)
    bad = sheets.fill(template, [row(y["branch"], absent="不存在的人")])
    response = client.post(reverse("spreadsheets:import", args=["meetings"]), {"file": sheets.upload(bad)})
    assert response.status_code == 400 and not Meeting.objects.exists()
    html = response.content.decode()
    assert "不存在的人 不是本组织的党员" in html
    token = response.context["error_token"]
    marked = client.get(reverse("spreadsheets:errors", args=[token]))
    assert marked.status_code == 200
    good = sheets.fill(template, [row(y["branch"], absent=y["members"][0].name)])
    response = client.post(reverse("spreadsheets:import", args=["meetings"]), {"file": sheets.upload(good)})
    assert response.status_code == 200 and Meeting.objects.get().present == len(y["members"]) - 1
