"""Member points (M08): the pack's rules, caps and deductions, requests with four eyes, ranks, promotion."""

import datetime as dt
from decimal import Decimal

import pytest

from guifan.meetings.models import Attendance, Meeting
from guifan.members.models import Member
from guifan.points import actions
from guifan.points.models import PointEntry, PointTotal
from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack
from guifan.training.models import Course, CourseLibrary, Enrolment, TrainingClass

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
GROUP_ITEM = ("- {code: group_meeting, label: {zh: 参加党小组会, en: Attended a party group meeting}, points: 1, "
              "earned_by: {meeting: group_meeting}, cap: {per: month, points: 2}}")


def meeting(org, kind, day, statuses: dict):
    m = Meeting.objects.create(organisation=org, kind=kind, held_on=day, topic=kind)
    for member, status in statuses.items():
        Attendance.objects.create(meeting=m, member=member, status=status, has_vote=True)
    return m


def total(member, year=2018):
    return PointTotal.objects.get(member=member, year=year)


@pytest.fixture
def branch(two_counties, shipped_pack):
    return two_counties["yangshuo"]


def test_the_shipped_pack_gives_point_rules_per_category():
    rules = parse_pack(SHIPPED).points
    assert rules.spec == ("M08",)
    assert rules.category_of("R", False, False) == "rural"
    assert rules.category_of("A", True, False) == "flowing"
    assert rules.category_of("U", False, True) == "retired"
    assert [lv.years for lv in rules.levels] == [1, 2, 3, 4, 5]
    assert all(item.cap_points for item in rules.items.values())
    assert "report_in" not in {i.code for i in rules.items_for("rural")}


def test_an_item_without_the_cap_the_pack_requires_is_a_load_error_naming_its_line():
    text = SHIPPED.replace(GROUP_ITEM, GROUP_ITEM.replace(", cap: {per: month, points: 2}", ""))
    assert text != SHIPPED
    with pytest.raises(PackError) as caught:
        parse_pack(text)
    item = "code: group_meeting, label: {zh: 参加党小组会"
    line = next(i for i, row in enumerate(text.splitlines(), 1) if item in row)
    assert any(p.startswith(f"line {line}:") and "group_meeting" in p and "没有设上限" in p
               for p in caught.value.problems), caught.value.problems


def test_an_item_for_an_unknown_category_or_an_adding_deduction_is_refused():
    text = SHIPPED.replace("categories: [urban]}", "categories: [city]}").replace(
        "points: -3, earned_by: {absent_from: member_meeting}", "points: 3, earned_by: {absent_from: member_meeting}")
    with pytest.raises(PackError) as caught:
        parse_pack(text)
    report = caught.value.report()
    assert "city" in report and "缺席扣分" in report


def test_meetings_earn_within_the_cap_and_absences_without_leave_deduct(branch):
    a, b, c, _d = branch["members"]
    org = branch["branch"]
    for day in (3, 10, 17):  # three group meetings in March: 1 point each, at most 2 a month
        meeting(org, "group_meeting", dt.date(2018, 3, day), {a: "present", b: "absent", c: "leave"})
    meeting(org, "group_meeting", dt.date(2018, 4, 2), {a: "present"})
    counts = actions.compute_year(2018)
    assert counts["capped"] == 1
    assert total(a).points == Decimal("63")  # base 60 + 2 (March, capped) + 1 (April)
    assert total(b).points == Decimal("57")  # 3 absences without leave, 1 point each
    assert total(c).points == Decimal("60")  # on leave: neither earned nor deducted
    assert not PointEntry.objects.filter(member=b, points__gt=0).exclude(item="base").exists()
    assert total(a).rank_in_branch == 1 and total(b).rank_in_branch == 4
    # idempotent: the same records never earn twice
    entries = PointEntry.objects.count()
    again = actions.compute_year(2018)
    assert again["entries"] == 0 and again["base_entries"] == 0 and PointEntry.objects.count() == entries
    assert total(a).points == Decimal("63")
    # a meeting recorded later earns only what the cap leaves
    meeting(org, "group_meeting", dt.date(2018, 3, 24), {a: "present"})
    assert actions.compute_year(2018)["entries"] == 0
    meeting(org, "group_meeting", dt.date(2018, 4, 20), {a: "present"})
    assert actions.compute_year(2018)["entries"] == 1 and total(a).points == Decimal("64")


def test_deductions_stop_at_their_cap(branch):
    a = branch["members"][0]
    for month in range(1, 6):  # 5 general meetings missed, 3 points each, at most 12 a year
        meeting(branch["branch"], "member_meeting", dt.date(2018, month, 5), {a: "absent"})
    actions.compute_year(2018)
    assert total(a).points == Decimal("48") and total(a).deducted == Decimal("-12")


def test_courses_completed_earn_and_the_pack_drives_the_totals(branch):
    a = branch["members"][0]
    org = branch["branch"]
    meeting(org, "group_meeting", dt.date(2018, 5, 3), {a: "present"})
    library = CourseLibrary.objects.create(level="city", name="市级课程库")
    course = Course.objects.create(library=library, title="党章", mode="online", hours=2, credits=1)
    klass = TrainingClass.objects.create(course=course, title="班", starts_on=dt.date(2018, 6, 1),
                                         ends_on=dt.date(2018, 6, 2))
    Enrolment.objects.create(training_class=klass, member=a, completed_on=dt.date(2018, 6, 2), hours=2, credits=1)
    actions.compute_year(2018)
    assert total(a).points == Decimal("63")  # 60 + 1 meeting + 2 course
    # a copy of the pack with another base, value and cap: the same records, other totals
    changed = parse_pack(SHIPPED.replace(GROUP_ITEM, GROUP_ITEM.replace("points: 1,", "points: 4,").replace(
        "cap: {per: month, points: 2}", "cap: {per: month, points: 3}")).replace(
        "members: {domain: R}, base: 60", "members: {domain: R}, base: 50"))
    PointEntry.objects.all().delete()
    actions.compute_year(2018, pack=changed)
    assert total(a).points == Decimal("55")  # 50 + 3 (4 capped at 3) + 2


def test_requests_count_only_once_someone_else_approves(branch, users):
    a = branch["members"][0]
    actions.compute_year(2018)
    entry = actions.request_points(a, "pioneer", dt.date(2018, 7, 1), "见义勇为", users["township"])
    actions.compute_year(2018)
    assert total(a).points == Decimal("60")  # requested, not counted
    with pytest.raises(actions.PointsError, match="申请人以外"):
        actions.decide(entry, True, users["township"])
    actions.decide(entry, True, users["county"])
    assert total(a).points == Decimal("65")
    second = actions.request_points(a, "pioneer", dt.date(2018, 8, 1), "再次", users["township"])
    third = actions.request_points(a, "pioneer", dt.date(2018, 9, 1), "三次", users["township"])
    actions.decide(second, True, users["county"])
    with pytest.raises(actions.PointsError):
        actions.decide(third, True, users["county"])  # the yearly cap of 10 is reached
    assert PointEntry.objects.get(pk=third.pk).state == PointEntry.State.REQUESTED
    assert total(a).points == Decimal("70")


def test_a_request_for_an_item_the_category_lacks_or_an_automatic_item_is_refused(branch, users):
    a = branch["members"][0]
    with pytest.raises(actions.PointsError, match="农村党员"):
        actions.request_points(a, "report_in", dt.date(2018, 7, 1), "汇报", users["township"])
    with pytest.raises(actions.PointsError):
        actions.request_points(a, "group_meeting", dt.date(2018, 7, 1), "参会", users["township"])
    with pytest.raises(actions.PointsError):
        actions.request_points(a, "no_such_item", dt.date(2018, 7, 1), "x", users["township"])
    assert not PointEntry.objects.exists()


def test_flowing_and_retired_members_have_their_own_category(branch, users):
    a, b = branch["members"][:2]
    Member.objects.filter(pk=a.pk).update(status=Member.Status.FLOWING)
    Member.objects.filter(pk=b.pk).update(retired=True)
    actions.compute_year(2018)
    assert total(a).category == "flowing" and total(b).category == "retired"
    assert total(b).points == Decimal("70")
    a.refresh_from_db()
    actions.request_points(a, "report_in", dt.date(2018, 7, 1), "汇报", users["township"])


def test_multi_year_promotion_needs_the_points_kept_in_consecutive_years(branch):
    a, b, c, _d = branch["members"]
    org = branch["branch"]
    now = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
    for year in (2014, 2015, 2016, 2017):
        PointTotal.objects.create(member=a, year=year, organisation=org, category="rural", points=95,
                                  rank_in_branch=1, computed_at=now)
    for year in (2014, 2015, 2017):  # 2016 missed: only 2017 and 2018 are consecutive
        PointTotal.objects.create(member=b, year=year, organisation=org, category="rural", points=95,
                                  rank_in_branch=1, computed_at=now)
    PointTotal.objects.create(member=c, year=2017, organisation=org, category="rural", points=70,
                              rank_in_branch=1, computed_at=now)
    pack = parse_pack(SHIPPED.replace("members: {domain: R}, base: 60", "members: {domain: R}, base: 92"))
    actions.compute_year(2018, pack=pack)
    assert total(a).level == 5
    assert total(b).level == 2
    assert total(c).level == 1  # 70 in 2017: two-star needs 75 in both years
    assert PointTotal.objects.filter(year=2017).count() == 3  # earlier years untouched


def test_ranks_and_uses_per_branch(branch, users):
    a, b, c, d = branch["members"]
    meeting(branch["branch"], "party_lecture", dt.date(2018, 3, 1), {a: "present", b: "absent", c: "present"})
    actions.compute_year(2018)
    assert total(a).rank_in_branch == total(c).rank_in_branch == 1
    assert total(d).rank_in_branch == 3 and total(b).rank_in_branch == 4
    assert total(a).recommended and total(c).recommended and not total(d).recommended
    assert total(b).talk_with and not total(d).talk_with  # bottom 5%, at least one; and below 60


def test_entries_are_never_updated_corrections_are_new_entries(branch, users):
    a = branch["members"][0]
    actions.compute_year(2018)
    base = PointEntry.objects.get(member=a, item="base")
    new = actions.correct(base, Decimal("-5"), "录入有误", users["county"])
    assert new.corrects == base and PointEntry.objects.get(pk=base.pk).points == Decimal("60")
    assert total(a).points == Decimal("55")


def test_compute_year_without_a_pack_in_effect_says_so(db):
    with pytest.raises(actions.PointsError, match="2030"):
        actions.compute_year(2030)


def test_insert_frame_keeps_empty_text_nulls_dates_and_booleans(branch):
    import polars as pl
    from django.utils import timezone

    from guifan.core import bulk

    a = branch["members"][0]
    frame = pl.DataFrame({"member": [a.pk, a.pk], "year": [2018, 2018], "item": ["pioneer", "discipline"],
                          "category": ["rural", "rural"], "points": [2.5, -10.0],
                          "occurred_on": [dt.date(2018, 2, 3), dt.date(2018, 4, 5)], "source": ["request"] * 2,
                          "record_kind": ["", ""], "record_id": [None, None], "records": [0, 0],
                          "state": ["approved"] * 2,
                          "capped": [True, False], "note": ["", "说明"], "created_at": [timezone.now()] * 2},
                         schema_overrides={"record_id": pl.Int64})
    bulk.insert_frame(PointEntry, frame)
    got = list(PointEntry.objects.order_by("occurred_on").values_list(
        "points", "occurred_on", "record_kind", "record_id", "capped", "note"))
    assert got == [(Decimal("2.5"), dt.date(2018, 2, 3), "", None, True, ""),
                   (Decimal("-10.0"), dt.date(2018, 4, 5), "", None, False, "说明")]


def test_a_member_marked_absent_after_all_gives_the_points_back_and_is_deducted(branch):
    """The ledger follows the records: a meeting corrected from present to absent takes back what it earned (a new
    entry, never an update) and deducts; an edit that changes nothing writes nothing."""
    from guifan.meetings import actions as meeting_actions

    a, b, _c, _d = branch["members"]
    org = branch["branch"]
    held = meeting(org, "member_meeting", dt.date(2018, 3, 9), {a: "present", b: "present"})
    actions.compute_year(2018)
    assert total(a).points == Decimal("62")
    entries = PointEntry.objects.count()
    attendance = {m.pk: ("present", "") for m in branch["members"]}
    attendance[a.pk] = ("absent", "")
    meeting_actions.update_meeting(held, held_on=held.held_on, attendance=attendance, topic="学习", host="书记",
                                   minutes="记录", today=dt.date(2018, 6, 1))
    counts = actions.compute_year(2018)
    # a's +2 taken back and its absence's -3; c and d, now listed present, +2 each; b unchanged: nothing new
    assert counts["entries"] == 4
    assert total(a).points == Decimal("57") and total(a).deducted == Decimal("-3")
    assert total(b).points == Decimal("62") and total(_c).points == Decimal("62")
    assert PointEntry.objects.count() == entries + 4
    meeting_actions.delete_meeting(held)
    actions.compute_year(2018)
    assert total(a).points == Decimal("60") and total(b).points == Decimal("60")
