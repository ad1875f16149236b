"""The admin shows meetings read-only, within the scope, and the kind by its label."""

import datetime as dt

from guifan.meetings import actions


def test_admin_lists_meetings_in_scope_read_only(client, two_counties, users, shipped_pack):
    for key in ("yangshuo", "lingui"):
        org, members = two_counties[key]["branch"], two_counties[key]["members"]
        actions.record_meeting(org, kind="member_meeting", held_on=dt.date(2018, 3, 9), topic=f"{key}议题",
                               host="书记", minutes="记录", attendance={m.pk: ("present", "") for m in members})
    client.force_login(users["county"])
    html = client.get("/admin/meetings/meeting/").content.decode()
    assert "yangshuo议题" in html and "lingui议题" not in html and "党员大会" in html
    meeting = two_counties["yangshuo"]["branch"].meetings.get()
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "党员大会" in page and "member_meeting" not in page and 'name="_save"' not in page
    other = two_counties["lingui"]["branch"].meetings.get()
    assert client.get(f"/admin/meetings/meeting/{other.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/meetings/meetingfile/").status_code == 200
