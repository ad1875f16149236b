"""Organisational life judged from the records (ACT-G-01/02): period by period as the pack's meeting kind says, a
meeting with too few members with a vote present not counting, an organisation opened mid-year held to the periods
it existed, the pack's kinds driving the verdicts; an organisation keeping no records judged on its typed figures."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.assessment.engine.plain import judge
from guifan.assessment.frame import build_frame
from guifan.assessment.meeting_notes import meeting_notes
from guifan.facts.actions import get_report, set_values
from guifan.facts.derived import derive_facts, derive_organisations
from guifan.facts.models import FactReport, Period
from guifan.meetings import actions
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.pack import PACKS_DIR, parse_pack

YEAR = 2018
TODAY = dt.date(2019, 1, 10)
SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


@pytest.fixture
def branch(two_counties, pack_version):
    derive_facts(pack_version.pack(), Period.yearly(YEAR))
    return two_counties["yangshuo"]


def record(org, kind, day, members=(), absent=0, **fields):
    """A meeting of `org` with every member listed: the first `absent` absent, the others present."""
    attendance = {m.pk: ("absent" if i < absent else "present", "") for i, m in enumerate(members)}
    fields = {"topic": "学习党章", "host": "书记", "minutes": "会议记录", "lecturer": "书记", **fields}
    return actions.record_meeting(org, kind=kind, held_on=day, attendance=attendance, today=TODAY, **fields)


def verdict(pack, org, criterion_id):
    row = build_frame(pack, YEAR, organisation=org).to_dicts()[0]
    criterion = next(c for c in pack.criteria if c.id == criterion_id)
    return judge(criterion, row).verdict, row


def derived(org):
    return FactReport.objects.get(organisation=org, period__code=str(YEAR)).derived


def test_two_meetings_in_january_and_none_in_february_fail_monthly(branch, pack_version,
                                                                    django_capture_on_commit_callbacks):
    """Thirteen group meetings in the year, none in February: the monthly rule fails (not 13 >= 12)."""
    pack, group = pack_version.pack(), branch["group"]
    with django_capture_on_commit_callbacks(execute=True):  # meetings_changed derives the branch's facts again
        record(group, "group_meeting", dt.date(YEAR, 1, 5))
        record(group, "group_meeting", dt.date(YEAR, 1, 20))
        for month in range(3, 13):
            record(group, "group_meeting", dt.date(YEAR, month, 10))
    assert derived(branch["branch"])["group_meeting_short"] == 1
    assert verdict(pack, branch["branch"], "G-ACT-group-meetings")[0] == "fail"
    with django_capture_on_commit_callbacks(execute=True):
        record(group, "group_meeting", dt.date(YEAR, 2, 10))
    assert verdict(pack, branch["branch"], "G-ACT-group-meetings")[0] == "pass"


def test_a_member_meeting_without_a_quorum_does_not_count(branch, pack_version, django_capture_on_commit_callbacks):
    """4 members with a vote: 2 present is not more than half, so the second quarter has no member meeting."""
    pack, org, members = pack_version.pack(), branch["branch"], branch["members"]
    with django_capture_on_commit_callbacks(execute=True):
        for quarter in range(1, 5):
            record(org, "member_meeting", dt.date(YEAR, 3 * quarter - 1, 8), members, absent=2 if quarter == 2 else 1)
    assert derived(org)["member_meeting_short"] == 1
    assert verdict(pack, org, "G-ACT-member-meetings")[0] == "fail"
    meeting = org.meetings.get(held_on=dt.date(YEAR, 5, 8))
    with django_capture_on_commit_callbacks(execute=True):  # corrected: three were there
        actions.update_meeting(meeting, held_on=meeting.held_on, today=TODAY, topic="学习党章", host="书记",
                               minutes="会议记录", attendance={m.pk: ("absent" if i == 0 else "present", "")
                                                             for i, m in enumerate(members)})
    assert derived(org)["member_meeting_short"] == 0
    assert verdict(pack, org, "G-ACT-member-meetings")[0] == "pass"


def test_an_organisation_opened_mid_year_is_held_to_the_periods_it_existed(two_counties, pack_version,
                                                                          django_capture_on_commit_callbacks):
    pack = pack_version.pack()
    village = t.host_unit("450321100", HostUnit.Kind.ADMIN_VILLAGE, name="新村")
    org = t.organisation(village, Organisation.Kind.BRANCH, name="新村党支部", founded_on=dt.date(YEAR, 7, 15))
    group = t.organisation(village, Organisation.Kind.GROUP, parent=org, name="新村党小组",
                           founded_on=dt.date(YEAR, 7, 15))
    members = [t.member(org, name=f"新村党员{i}") for i in range(3)]
    derive_facts(pack, Period.yearly(YEAR))
    with django_capture_on_commit_callbacks(execute=True):
        for month in range(7, 13):
            record(group, "group_meeting", dt.date(YEAR, month, 20))
        record(org, "member_meeting", dt.date(YEAR, 8, 1), members)
    assert derived(org)["group_meeting_short"] == 0
    assert derived(org)["member_meeting_short"] == 1  # the fourth quarter has none; the first two don't count
    with django_capture_on_commit_callbacks(execute=True):
        record(org, "member_meeting", dt.date(YEAR, 11, 1), members)
    assert derived(org)["member_meeting_short"] == 0
    assert verdict(pack, org, "G-ACT-member-meetings")[0] == "pass"
    assert verdict(pack, org, "G-ACT-group-meetings")[0] == "pass"


def test_a_period_not_over_is_not_short(branch, pack_version, django_capture_on_commit_callbacks, monkeypatch):
    """December without its group meeting is not short while its reporting deadline is ahead (the year is being
    lived), and is once the deadline has passed; in the middle of the year the months to come are not judged, and a
    kind none of whose periods is over (the first quarter, in January) is not judged at all: neither a pass nor a
    failure."""
    from types import SimpleNamespace

    from guifan.facts import computers_meetings

    pack, group, org = pack_version.pack(), branch["group"], branch["branch"]
    with django_capture_on_commit_callbacks(execute=True):
        for month in range(1, 12):
            record(group, "group_meeting", dt.date(YEAR, month, 10))
    assert derived(org)["group_meeting_short"] == 1
    december = Period.monthly(YEAR, 12)
    december.deadline = dt.date.today()
    december.save()
    derive_organisations(pack, Period.yearly(YEAR), [org])
    assert derived(org)["group_meeting_short"] == 0
    assert verdict(pack, org, "G-ACT-group-meetings")[0] == "pass"
    criterion = next(c for c in pack.criteria if c.id == "G-ACT-group-meetings")
    assert meeting_notes(pack, org, YEAR, [criterion]) == {}  # the check-up names no missed month either
    december.deadline = dt.date.today() - dt.timedelta(days=1)
    december.save()
    derive_organisations(pack, Period.yearly(YEAR), [org])
    assert derived(org)["group_meeting_short"] == 1
    assert "12月" in " ".join(meeting_notes(pack, org, YEAR, [criterion])["G-ACT-group-meetings"])
    monkeypatch.setattr(computers_meetings, "timezone", SimpleNamespace(localdate=lambda: dt.date(YEAR, 6, 15)))
    derive_organisations(pack, Period.yearly(YEAR), [org])
    assert derived(org)["group_meeting_short"] == 0  # January to May held; June and after still to come
    monkeypatch.setattr(computers_meetings, "timezone", SimpleNamespace(localdate=lambda: dt.date(YEAR, 1, 20)))
    derive_organisations(pack, Period.yearly(YEAR), [org])
    assert "member_meeting_short" not in derived(org)  # no quarter is over: not judged
    assert verdict(pack, org, "G-ACT-member-meetings")[0] not in ("pass", "fail")


def test_the_packs_meeting_kinds_drive_the_verdicts(branch, pack_version, django_capture_on_commit_callbacks):
    """The same records judged by a copy of the pack whose party groups meet every quarter: February's gap no
    longer fails; one asking two a month fails every month with one."""
    group, org = branch["group"], branch["branch"]
    with django_capture_on_commit_callbacks(execute=True):
        record(group, "group_meeting", dt.date(YEAR, 1, 5))
        record(group, "group_meeting", dt.date(YEAR, 1, 20))
        for month in range(3, 13):
            record(group, "group_meeting", dt.date(YEAR, month, 10))
    period = Period.yearly(YEAR)
    shipped = "{code: group_meeting, label: {zh: 党小组会, en: Party group meeting}, held_by: [group],\n" \
              "         domains: [R, U, N, A, S], every: month, at_least: 1"
    assert shipped in SHIPPED
    for every, at_least, short, expected in (("quarter", 1, 0, "pass"), ("month", 2, 11, "fail"),
                                             ("month", 1, 1, "fail")):
        pack = parse_pack(SHIPPED.replace(shipped, shipped.replace("every: month, at_least: 1",
                                                                   f"every: {every}, at_least: {at_least}")))
        derive_organisations(pack, period, [org])
        assert derived(org)["group_meeting_short"] == short
        assert verdict(pack, org, "G-ACT-group-meetings")[0] == expected


def test_without_records_the_typed_months_are_judged_one_by_one(branch, pack_version):
    """A branch that types its monthly group meetings: 2 in January and none in February fails; a month without a
    figure is unknown, never a pass."""
    pack, org = pack_version.pack(), branch["branch"]
    for month in range(1, 13):
        if month != 2:
            set_values(get_report(org, Period.monthly(YEAR, month)),
                       {"party_group_meetings_min": 2 if month == 1 else 1}, pack=pack)
    assert "group_meeting_short" not in derived(org)
    assert verdict(pack, org, "G-ACT-group-meetings")[0] != "pass"
    set_values(get_report(org, Period.monthly(YEAR, 2)), {"party_group_meetings_min": 0}, pack=pack)
    assert derived(org)["group_meeting_short"] == 1
    assert verdict(pack, org, "G-ACT-group-meetings")[0] == "fail"


def test_records_win_over_typed_figures_and_named_activities_are_derived(branch, pack_version,
                                                                          django_capture_on_commit_callbacks):
    """Once a branch records a meeting, its typed figures no longer count; a rural branch's poverty-relief day
    and homecoming lecture are present when recorded, and lesson preparation when every lecture has one."""
    pack, org, members = pack_version.pack(), branch["branch"], branch["members"]
    set_values(get_report(org, Period.yearly(YEAR)), {"poverty_relief_day_held": True,
                                                     "homecoming_lectures_held": True}, pack=pack)
    assert derived(org)["poverty_relief_day_short"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        record(org, "party_lecture", dt.date(YEAR, 3, 1), members, preparation="备课提纲")
    assert derived(org)["poverty_relief_day_short"] == 1  # records kept, none recorded
    assert derived(org)["lecture_preparation_kept"] is True
    with django_capture_on_commit_callbacks(execute=True):
        record(org, "poverty_relief_day", dt.date(YEAR, 10, 17), members)
        record(org, "homecoming_lecture", dt.date(YEAR, 2, 1), members)
        record(org, "party_lecture", dt.date(YEAR, 6, 1), members)  # no preparation record
    facts = derived(org)
    assert (facts["poverty_relief_day_short"], facts["homecoming_lecture_short"]) == (0, 0)
    assert facts["lecture_preparation_kept"] is False
    assert facts["party_lecture_short"] == 2  # lectures in Q1 and Q2 only


def test_the_city_derivation_reads_meetings_in_one_grouped_query(two_counties, pack_version):
    """More organisations keeping records, the same number of queries (never one per organisation)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pack, period = pack_version.pack(), Period.yearly(YEAR)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            derive_facts(pack, period)
        return len(captured.captured_queries)

    record(two_counties["yangshuo"]["branch"], "theme_day", dt.date(YEAR, 1, 8), two_counties["yangshuo"]["members"])
    queries()  # the year's reports made
    before = queries()
    record(two_counties["lingui"]["branch"], "theme_day", dt.date(YEAR, 1, 8), two_counties["lingui"]["members"])
    record(two_counties["lingui"]["group"], "group_meeting", dt.date(YEAR, 1, 9))
    assert queries() == before
    assert derived(two_counties["lingui"]["branch"])["theme_day_short"] == 11


def test_the_checkup_says_which_months_were_missed_and_which_meetings_did_not_count(
        branch, pack_version, users, django_capture_on_commit_callbacks):
    from django.urls import reverse
    from django.utils import translation

    from guifan.assessment.actions import run_assessment
    from guifan.testing import Client

    org, members, group = branch["branch"], branch["members"], branch["group"]
    with django_capture_on_commit_callbacks(execute=True):
        for quarter in range(1, 5):
            record(org, "member_meeting", dt.date(YEAR, 3 * quarter - 1, 8), members, absent=2 if quarter == 2 else 1)
        for month in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12):
            record(group, "group_meeting", dt.date(YEAR, month, 10))
    run_assessment(YEAR, pack_version=pack_version, user=users["admin"])
    client = Client()
    client.force_login(users["county"])
    with translation.override("zh-hans"):
        response = client.get(reverse("assessment:checkup", args=[org.pk]))
    lines = {line.criterion.id: line for block in response.context["blocks"] for line in block.lines}
    assert lines["G-ACT-member-meetings"].verdict == "fail"
    member_notes = " ".join(lines["G-ACT-member-meetings"].meetings)
    assert "2018年第2季度" in member_notes and "“学习党章”不计入" in member_notes and "须超过50%" in member_notes
    assert "2018年2月" in " ".join(lines["G-ACT-group-meetings"].meetings)
    assert "2018年2月" in response.content.decode()
