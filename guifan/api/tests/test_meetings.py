"""Recording a meeting on a phone through the API (ACT-G-01, issue 9 item 8): the form, everyone present unless listed
absent or on leave, the same checks as the web with field → Chinese message and nothing written, the scope, and a
member's own meetings."""

import datetime as dt

import pytest

from guifan.meetings.models import Attendance, Meeting
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture
def branch(two_counties, users):
    ensure_shipped_pack_loaded()
    return two_counties["yangshuo"]


def body(**extra):
    return {"kind": "member_meeting", "held_on": "2018-03-09", "topic": "学习党章",
            "host": "书记", "minutes": "会议记录", **extra}


def test_the_form_lists_the_kinds_and_members(as_user, users, branch):
    url = f"/api/organisations/{branch['branch'].pk}/meeting-form/?year=2018"
    form = as_user(users["organisation"]).get(url).json()
    kinds = {k["code"]: k for k in form["kinds"]}
    assert kinds["member_meeting"]["label"] == "党员大会" and kinds["member_meeting"]["every"] == "quarter"
    assert "group_meeting" not in kinds  # held by party groups, not by a branch
    assert sorted(m["name"] for m in form["members"]) == sorted(m.name for m in branch["members"])


def test_a_meeting_with_two_absentees(as_user, users, branch):
    members = branch["members"]
    c = as_user(users["organisation"])
    r = c.post(f"/api/organisations/{branch['branch'].pk}/meetings/",
               body(absent=[members[0].pk], leave=[{"member": members[1].pk, "reason": "外出务工"}]), format="json")
    assert r.status_code == 201, r.json()
    got = r.json()
    assert (got["voting_members"], got["voting_present"], got["present"]) == (4, 2, 2)
    statuses = {a["member"]: (a["status"], a["reason"]) for a in got["attendance"]}
    assert statuses[members[0].pk] == ("absent", "") and statuses[members[1].pk] == ("leave", "外出务工")
    listed = c.get(f"/api/organisations/{branch['branch'].pk}/meetings/?year=2018").json()
    assert [m["id"] for m in listed] == [got["id"]]
    assert c.get(f"/api/meetings/{got['id']}/").json()["topic"] == "学习党章"
    mine = as_user(users["member"]).get("/api/me/meetings/?year=2018").json()
    assert [(m["meeting"]["id"], m["status"]) for m in mine] == [(got["id"], "absent")]


@pytest.mark.parametrize("case", ["stranger", "twice", "future", "no_reason", "unknown_kind"])
def test_bad_meetings_are_refused_in_chinese_and_nothing_written(as_user, users, branch, two_counties, case):
    members, extra = branch["members"], {}
    if case == "stranger":
        extra["absent"] = [two_counties["lingui"]["members"][0].pk]
    elif case == "twice":
        extra.update(absent=[members[0].pk], leave=[{"member": members[0].pk, "reason": "病假"}])
    elif case == "future":
        extra["held_on"] = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    elif case == "no_reason":
        extra["leave"] = [{"member": members[0].pk, "reason": ""}]
    elif case == "unknown_kind":
        extra["kind"] = "no_such_kind"
    r = as_user(users["organisation"]).post(f"/api/organisations/{branch['branch'].pk}/meetings/", body(**extra),
                                            format="json")
    assert r.status_code == 400 and r.json()["saved"] is False
    message = " ".join(m for messages in r.json()["errors"].values() for m in messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_another_countys_organisation_is_not_found(as_user, users, branch, two_counties):
    other = two_counties["lingui"]["branch"]
    c = as_user(users["county"])
    assert c.get(f"/api/organisations/{other.pk}/meeting-form/").status_code == 404
    assert c.post(f"/api/organisations/{other.pk}/meetings/", body(), format="json").status_code == 404
    assert not Meeting.objects.exists()


def test_a_member_account_may_not_record(as_user, users, branch):
    r = as_user(users["member"]).post(f"/api/organisations/{branch['branch'].pk}/meetings/", body(), format="json")
    assert r.status_code in (403, 404) and not Meeting.objects.exists()
