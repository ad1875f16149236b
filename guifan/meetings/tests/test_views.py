"""The pages of organisational life: recording on the phone page (all present by default, tap the absent), each bad
input shown in Chinese with nothing written, scope (another county's organisation or meeting is a 404), the
meeting's page, a region's absentees, a member's own meetings and the evidence files."""

import datetime as dt
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.core import evidence
from guifan.core.models import ChangeLog
from guifan.meetings import actions
from guifan.meetings.models import Attendance, Meeting, MeetingFile
from guifan.standards.models import PackVersion

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def current_pack(shipped_pack):
    """The shipped pack, in effect until today (it is dated 2018): meetings of this year can be recorded."""
    PackVersion.objects.filter(pk=shipped_pack.pk).update(effective_to=dt.date(2099, 12, 31))
    return shipped_pack


@pytest.fixture
def setup(two_counties, users, current_pack):
    y = two_counties["yangshuo"]
    secretary = t.user("secretary", Role.Kind.ORGANISATION, organisation=y["branch"])
    return {**two_counties, "users": users, "secretary": secretary}


def post_data(members, *, absent=(), leave=None, **fields):
    data = {"kind": "member_meeting", "held_on": timezone.localdate().isoformat(), "topic": "学习党章",
            "place": "村部", "host": "书记", "minutes": "会议记录"}
    data.update(fields)
    leave = leave or {}
    for m in members:
        status = "absent" if m in absent else "leave" if m in leave else "present"
        data[f"att-{m.pk}"] = status
        data[f"reason-{m.pk}"] = leave.get(m, "")
    return data


def record(org, members, day=None, **statuses):
    attendance = {m.pk: statuses.get(m.name, ("present", "")) for m in members}
    return actions.record_meeting(org, kind="member_meeting", held_on=day or timezone.localdate(),
                                  attendance=attendance, topic="学习党章", host="书记", minutes="记录")


def test_record_page_lists_the_members_all_present(client, setup):
    y = setup["yangshuo"]
    client.force_login(setup["secretary"])
    response = client.get(reverse("meetings:record", args=[y["branch"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for m in y["members"]:
        assert m.name in html
        assert f'name="att-{m.pk}" value="present" checked' in html
    assert "党员大会" in html and "党小组会" not in html  # only the kinds a branch holds


def test_secretary_records_a_meeting_with_two_absentees(client, setup):
    y = setup["yangshuo"]
    members = y["members"]
    client.force_login(setup["secretary"])
    data = post_data(members, absent=members[:2], leave={members[2]: "外出务工"})
    response = client.post(reverse("meetings:record", args=[y["branch"].pk]), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.present == 1 and meeting.recorded_by == setup["secretary"]
    statuses = dict(Attendance.objects.values_list("member__name", "status"))
    assert statuses[members[0].name] == statuses[members[1].name] == "absent"
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert members[0].name in page and "外出务工" in page
    listing = client.get(reverse("meetings:list", args=[y["branch"].pk])).content.decode()
    assert "学习党章" in listing
    assert ChangeLog.objects.filter(object_type="meetings.meeting", action="create").exists()


@pytest.mark.parametrize("case", ["future", "before_founded", "stranger", "twice", "leave_without_reason",
                                  "no_topic", "wrong_kind"])
def test_bad_input_is_shown_in_chinese_and_nothing_is_written(client, setup, case):
    y = setup["yangshuo"]
    org, members = y["branch"], y["members"]
    client.force_login(setup["secretary"])
    data = post_data(members)
    expected = {
        "future": "日期在未来", "before_founded": "成立", "stranger": "不是本组织的党员", "twice": "重复",
        "leave_without_reason": "请假", "no_topic": "", "wrong_kind": "",
    }[case]
    if case == "future":
        data["held_on"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    elif case == "before_founded":
        org.founded_on = timezone.localdate() - dt.timedelta(days=10)
        org.save()
        data["held_on"] = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    elif case == "stranger":
        data[f"att-{setup['lingui']['members'][0].pk}"] = "present"
    elif case == "twice":
        data = {**data}
        data[f"att-{members[0].pk}"] = ["present", "absent"]
    elif case == "leave_without_reason":
        data[f"att-{members[0].pk}"] = "leave"
    elif case == "no_topic":
        data["topic"] = ""
    elif case == "wrong_kind":
        data["kind"] = "group_meeting"
    response = client.post(reverse("meetings:record", args=[org.pk]), data)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert expected in response.content.decode()
    assert not Meeting.objects.exists() and not Attendance.objects.exists()


def test_a_county_user_cannot_see_or_record_another_countys_meetings(client, setup):
    ling = setup["lingui"]
    meeting = record(ling["branch"], ling["members"])
    client.force_login(setup["users"]["county"])
    for name, pk in (("meetings:list", ling["branch"].pk), ("meetings:record", ling["branch"].pk),
                     ("meetings:detail", meeting.pk), ("meetings:edit", meeting.pk),
                     ("meetings:delete", meeting.pk)):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert client.post(reverse("meetings:record", args=[ling["branch"].pk]),
                       post_data(ling["members"])).status_code == 404
    assert client.post(reverse("meetings:delete", args=[meeting.pk])).status_code == 404
    assert Meeting.objects.count() == 1
    # Its own county's organisations it may record for.
    y = setup["yangshuo"]
    assert client.get(reverse("meetings:record", args=[y["branch"].pk])).status_code == 200


def test_a_member_account_cannot_record(client, setup):
    y = setup["yangshuo"]
    client.force_login(setup["users"]["member"])  # a member's account opens only its own pages
    assert client.get(reverse("meetings:record", args=[y["branch"].pk])).status_code == 403
    assert client.get(reverse("meetings:list", args=[y["branch"].pk])).status_code == 403


def test_edit_and_delete_go_through_the_actions(client, setup):
    y = setup["yangshuo"]
    members = y["members"]
    meeting = record(y["branch"], members)
    client.force_login(setup["secretary"])
    page = client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert page.status_code == 200
    data = post_data(members, absent=[members[3]], topic="改正后的议题")
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "改正后的议题" and meeting.present == 3
    assert client.post(reverse("meetings:delete", args=[meeting.pk])).status_code == 302
    assert not Meeting.objects.exists()


def test_absences_list_who_missed_meetings_in_the_region(client, setup):
    y, ling = setup["yangshuo"], setup["lingui"]
    members = y["members"]
    record(y["branch"], members, **{members[1].name: ("absent", ""), members[2].name: ("leave", "生病")})
    record(ling["branch"], ling["members"], **{ling["members"][0].name: ("absent", "")})
    client.force_login(setup["users"]["county"])
    html = client.get(reverse("meetings:absences")).content.decode()
    assert members[1].name in html and members[2].name in html and members[0].name not in html
    assert ling["members"][0].name not in html
    assert client.get(reverse("meetings:absences"), {"region": "450312"}).status_code == 404
    assert client.get(reverse("meetings:absences"), {"region": "450321100"}).status_code == 200


def test_a_member_sees_their_own_meetings(client, setup):
    y = setup["yangshuo"]
    members = y["members"]
    record(y["branch"], members, **{members[0].name: ("leave", "出差")})
    client.force_login(setup["users"]["member"])
    home = client.get(reverse("members:detail", args=[members[0].pk])).content.decode()
    assert reverse("meetings:mine") in home
    html = client.get(reverse("meetings:mine")).content.decode()
    assert "学习党章" in html and "出差" in html
    client.force_login(setup["users"]["county"])
    assert client.get(reverse("meetings:mine")).status_code == 404


def test_organisation_page_links_to_its_meetings(client, setup):
    y = setup["yangshuo"]
    client.force_login(setup["users"]["county"])
    html = client.get(reverse("orgs:detail", args=[y["branch"].pk])).content.decode()
    assert reverse("meetings:list", args=[y["branch"].pk]) in html


# --- evidence --------------------------------------------------------------------------------------------------

def upload(client, meeting, name, content):
    return client.post(reverse("meetings:upload", args=[meeting.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type="image/png")})


def test_evidence_photo_is_kept_and_served_only_in_scope(client, setup, settings, django_capture_on_commit_callbacks):
    y = setup["yangshuo"]
    meeting = record(y["branch"], y["members"])
    client.force_login(setup["secretary"])
    assert upload(client, meeting, "签到表.png", PNG).status_code == 302
    item = MeetingFile.objects.get()
    assert item.content_type == "image/png" and item.name == "签到表.png" and item.size == len(PNG)
    assert str(settings.DATA_DIR) in item.file.path and "签到表" not in item.file.name
    assert ChangeLog.objects.filter(object_type="meetings.meetingfile", action="create").exists()
    response = client.get(reverse("meetings:file", args=[item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    client.force_login(setup["users"]["admin"])
    assert client.get(reverse("meetings:file", args=[item.pk])).status_code == 200
    outsider = t.user("lingui_county", Role.Kind.COUNTY, region=setup["lingui"]["county"])
    client.force_login(outsider)
    assert client.get(reverse("meetings:file", args=[item.pk])).status_code == 404
    client.force_login(setup["secretary"])
    path = item.file.path
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("meetings:file_delete", args=[item.pk])).status_code == 302
    assert not MeetingFile.objects.exists()
    assert not os.path.exists(path)  # the stored file goes with its row


@pytest.mark.parametrize("name,content,message", [
    ("evil.png", b"<html><script>alert(1)</script>", "只接受"),
    ("a.exe", b"MZ\x90\x00" * 10, "只接受"),
])
def test_evidence_other_types_are_refused(client, setup, name, content, message):
    y = setup["yangshuo"]
    meeting = record(y["branch"], y["members"])
    client.force_login(setup["secretary"])
    response = upload(client, meeting, name, content)
    assert response.status_code == 302 and not MeetingFile.objects.exists()
    assert message in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_evidence_too_large_is_refused(client, setup, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    y = setup["yangshuo"]
    meeting = record(y["branch"], y["members"])
    client.force_login(setup["secretary"])
    upload(client, meeting, "big.pdf", PDF + b"x" * 200)
    assert not MeetingFile.objects.exists()
    assert "太大" in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert upload(client, meeting, "ok.pdf", PDF).status_code == 302
    assert MeetingFile.objects.get().content_type == "application/pdf"


def test_evidence_type_reads_the_bytes():
    assert evidence.evidence_type(PNG) == ("image/png", ".png")
    assert evidence.evidence_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == ("image/webp", ".webp")
    assert evidence.evidence_type(io.BytesIO(b"abc").read()) is None


def test_a_new_meeting_starts_on_a_day_a_standard_is_in_effect():
    """The shipped pack is in effect in 2018 only: in 2026 (the demo's living year is 2018) the record page starts
    on the same day of 2018, which the action accepts; in a year with a standard, today."""
    from unittest import mock

    from guifan.meetings.views import default_day

    with mock.patch("guifan.meetings.views.reporting_year", return_value=2018):
        assert default_day(dt.date(2026, 12, 1)) == dt.date(2018, 12, 1)
        assert default_day(dt.date(2026, 2, 29 - 1)) == dt.date(2018, 2, 28)
    with mock.patch("guifan.meetings.views.reporting_year", return_value=2026):
        assert default_day(dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
