"""record_meeting (ACT-G-01): the counts come from the attendance, and bad input writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guifan import testing as t
from guifan.meetings import actions
from guifan.meetings.models import Attendance, Meeting
from guifan.members.models import Member

DAY = dt.date(2018, 3, 9)
TODAY = dt.date(2018, 6, 1)


@pytest.fixture
def branch(two_counties, shipped_pack):
    return two_counties["yangshuo"]


def everyone(members, **statuses):
    return {m.pk: statuses.get(m.name, ("present", "")) for m in members}


def record(org, attendance, **fields):
    return actions.record_meeting(org, kind=fields.pop("kind", "member_meeting"), held_on=fields.pop("held_on", DAY),
                                  attendance=attendance, topic="学习党章", host="书记", minutes="会议记录",
                                  today=TODAY, **fields)


def test_counts_come_from_the_attendance(branch):
    members = branch["members"]
    probationary = t.member(branch["branch"], name="预备党员甲", category=Member.Category.PROBATIONARY)
    attendance = everyone([*members, probationary], **{members[0].name: ("leave", "外出务工"),
                                                       members[1].name: ("absent", "")})
    meeting = record(branch["branch"], attendance)
    assert (meeting.voting_members, meeting.voting_present, meeting.present) == (4, 2, 3)
    assert Attendance.objects.get(meeting=meeting, member=members[0]).reason == "外出务工"


@pytest.mark.parametrize("case", ["future", "stranger", "missing", "leave_without_reason", "before_founded",
                                  "no_topic", "wrong_kind"])
def test_bad_input_writes_nothing(branch, two_counties, case):
    org, members = branch["branch"], branch["members"]
    attendance, fields = everyone(members), {}
    if case == "future":
        fields["held_on"] = TODAY + dt.timedelta(days=1)
    elif case == "stranger":
        attendance[two_counties["lingui"]["members"][0].pk] = ("present", "")
    elif case == "missing":
        attendance.pop(members[0].pk)
    elif case == "leave_without_reason":
        attendance[members[0].pk] = ("leave", " ")
    elif case == "before_founded":
        org.founded_on = dt.date(2018, 5, 1)
        org.save()
    elif case == "wrong_kind":
        fields["kind"] = "group_meeting"
    with pytest.raises(ValidationError):
        if case == "no_topic":
            actions.record_meeting(org, kind="member_meeting", held_on=DAY, attendance=attendance, topic=" ",
                                   today=TODAY)
        else:
            record(org, attendance, **fields)
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_the_change_log_entry_is_in_the_organisations_region_and_scope(branch, users, two_counties):
    from guifan.accounts.scope import Scope
    from guifan.core.models import ChangeLog

    meeting = record(branch["branch"], everyone(branch["members"]))
    log = ChangeLog.objects.get(object_type="meetings.meeting", object_id=str(meeting.pk))
    assert log.region_path == branch["branch"].region.path
    assert Scope(users["organisation"]).change_logs().filter(pk=log.pk).exists()
    other = t.user("lingui-secretary", "organisation", organisation=two_counties["lingui"]["committee"])
    assert not Scope(other).change_logs().filter(pk=log.pk).exists()


def test_the_meetings_missed_roll_up_follows_each_record_correction_and_deletion(branch):
    """AbsenceCount, which the page of members who missed meetings reads, is what the attendance says after a
    meeting is recorded, corrected (its date and attendance) and deleted."""
    from guifan.meetings.models import AbsenceCount

    def counts(year):
        return {(c.member_id, c.absent, c.leave, c.last) for c in AbsenceCount.objects.filter(year=year)}

    org, (a, b, *_rest) = branch["branch"], branch["members"]
    members = branch["members"]
    first = record(org, everyone(members, **{a.name: ("absent", ""), b.name: ("leave", "生病")}))
    second = record(org, everyone(members, **{a.name: ("absent", "")}), held_on=DAY - dt.timedelta(days=30))
    assert counts(DAY.year) == {(a.pk, 2, 0, DAY), (b.pk, 0, 1, DAY)}
    moved = DAY + dt.timedelta(days=30)
    actions.update_meeting(first, held_on=moved, attendance=everyone(members, **{b.name: ("absent", "")}),
                           topic="学习党章", host="书记", minutes="会议记录", today=TODAY)
    assert counts(DAY.year) == {(a.pk, 1, 0, second.held_on), (b.pk, 1, 0, moved)}
    actions.delete_meeting(second)
    assert counts(DAY.year) == {(b.pk, 1, 0, moved)}
