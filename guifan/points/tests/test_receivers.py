"""Points follow the records as they arrive (M08): recording a meeting earns its attendees' points at once, an
absence without leave deducts, and removing the meeting takes nothing back that was never earned twice."""

import datetime as dt

import pytest

from guifan.meetings import actions
from guifan.points.models import PointEntry, PointTotal


@pytest.fixture
def branch(two_counties, shipped_pack):
    return two_counties["yangshuo"]


def test_a_recorded_meeting_earns_and_deducts_at_once(branch, django_capture_on_commit_callbacks):
    members = branch["members"]
    attendance = {m.pk: ("present", "") for m in members}
    attendance[members[0].pk] = ("absent", "")
    attendance[members[1].pk] = ("leave", "外出务工")
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_meeting(branch["branch"], kind="member_meeting", held_on=dt.date(2018, 3, 9), topic="学习党章",
                               host="书记", minutes="记录", attendance=attendance, today=dt.date(2018, 6, 1))
    entries = {(e.member_id, e.item): e.points for e in PointEntry.objects.filter(year=2018, record_kind="attendance")}
    assert entries[(members[2].pk, "member_meeting")] == 2 and entries[(members[3].pk, "member_meeting")] == 2
    assert entries[(members[0].pk, "absent_member_meeting")] == -3  # absent without leave
    assert (members[1].pk, "member_meeting") not in entries and (members[1].pk, "absent_member_meeting") not in entries
    assert (members[0].pk, "member_meeting") not in entries  # never earns for a meeting missed
    totals = dict(PointTotal.objects.filter(year=2018).values_list("member_id", "points"))
    assert totals[members[2].pk] > totals[members[0].pk]
