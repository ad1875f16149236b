"""The sample's meetings and training (guifan.seeding.activities): counts that match the attendance, nothing after the
living year's now, the misses planted on purpose."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import translation

from guifan.meetings.models import Appraisal, Attendance, Meeting
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.seeding import activities
from guifan.training.models import CourseLibrary, Enrolment, Exam, Paper, TrainingClass

YEAR = 2018


@pytest.fixture
def sample(tiny):
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_activities", stdout=out)
    return out.getvalue()


def test_the_counts_on_a_meeting_are_its_attendance(sample):
    meetings = Meeting.objects.annotate(
        votes=Count("attendance", filter=Q(attendance__has_vote=True)),
        votes_present=Count("attendance", filter=Q(attendance__has_vote=True, attendance__status="present")),
        here=Count("attendance", filter=Q(attendance__status="present")))
    assert meetings.count() > 1000
    assert not meetings.exclude(voting_members=F("votes")).exists()
    assert not meetings.exclude(voting_present=F("votes_present")).exists()
    assert not meetings.exclude(present=F("here")).exists()
    assert Meeting.objects.aggregate(n=Sum("present"))["n"] == Attendance.objects.filter(status="present").count()
    statuses = set(Attendance.objects.values_list("status", flat=True).distinct())
    assert statuses == {"present", "leave", "absent"}
    assert not Attendance.objects.filter(status="leave", reason="").exists()
    assert not Attendance.objects.exclude(status="leave").exclude(reason="").exists()


def test_a_vote_is_a_full_member_who_joined_before_the_meeting(sample):
    assert not Attendance.objects.filter(has_vote=True, member__category=Member.Category.PROBATIONARY).exists()
    assert not Attendance.objects.filter(has_vote=True, member__joined_on__gte=F("meeting__held_on")).exists()
    assert not Attendance.objects.filter(has_vote=False, member__category=Member.Category.FULL,
                                         member__joined_on__lt=F("meeting__held_on")).exists()
    assert not Attendance.objects.filter(member__joined_on__gt=F("meeting__held_on")).exists()
    assert not Attendance.objects.filter(member__status__in=activities.GONE).exists()
    # everyone at a meeting belongs where it is held (their branch, its group, or below the committee)
    wrong = Attendance.objects.filter(meeting__organisation__kind=Organisation.Kind.BRANCH).exclude(
        member__organisation=F("meeting__organisation"))
    assert not wrong.exists()


def test_an_appraisal_grades_everyone_at_it(sample):
    appraisals = Meeting.objects.filter(kind="democratic_appraisal")
    assert appraisals.exists()
    assert Appraisal.objects.count() == Attendance.objects.filter(meeting__in=appraisals).count()
    assert set(Appraisal.objects.values_list("grade", flat=True)) >= {"excellent", "qualified"}
    lectures = Meeting.objects.filter(kind="party_lecture")
    assert lectures.exists() and not lectures.filter(Q(lecturer="") | Q(preparation="")).exists()


def test_nothing_after_the_living_years_now(sample):
    now = activities.living_now(YEAR)
    assert dt.date(YEAR, 11, 1) < now < dt.date(YEAR + 1, 1, 1)
    assert f"{YEAR}" in sample and now.isoformat() in sample
    assert not Meeting.objects.filter(held_on__gt=now).exists()
    assert Meeting.objects.filter(held_on__year=YEAR, held_on__month=11).exists()
    assert not Enrolment.objects.filter(completed_on__gt=now).exists()
    assert not TrainingClass.objects.filter(starts_on__gt=now).exists()
    assert not Paper.objects.filter(sat_on__gt=now).exists()
    assert not Exam.objects.filter(held_on__gt=now).exists()


def test_a_closed_year_is_complete(tiny):
    with_full = io.StringIO()
    call_command("seed_activities", "--year=2017", stdout=with_full)
    assert Meeting.objects.filter(held_on__year=2017, held_on__month=12, held_on__day__gt=20).exists()


def test_the_planted_misses_are_there(sample):
    lines = [line for line in sample.split("Meetings missed on purpose in 2018: ")[1].splitlines()[1:]
             if line.startswith("  ")]  # then the year's points
    with transaction.atomic(), translation.override("en"):
        written = activities.write_year(YEAR, until=activities.living_now(YEAR), analyze=False).planted
        words = activities.planted_in_words(written)
    assert {p.what for p in written} == {"skipped", "no_quorum", "founded"}
    assert "Points of 2018: " in sample  # earned from the records just written
    assert lines == [f"  {line}" for line in words]
    for p in written:
        mine = Meeting.objects.filter(organisation_id=p.organisation, held_on__year=YEAR)
        if p.what == "skipped":
            assert not mine.filter(kind=p.kind, held_on__month__in=p.months).exists(), p
            assert mine.filter(kind=p.kind).exists(), p  # the other months are held
        elif p.what == "no_quorum":
            short = mine.filter(kind=p.kind, voting_members__gt=0)
            assert any(m.voting_present * 2 <= m.voting_members for m in short)
        else:
            founded = Organisation.objects.get(pk=p.organisation).founded_on
            assert founded.year == YEAR and not mine.filter(held_on__lt=founded).exists()
            assert mine.exists()
    # every other member meeting had its quorum
    quorum = [p.organisation for p in written if p.what == "no_quorum"]
    others = Meeting.objects.filter(kind="member_meeting", voting_members__gt=1).exclude(organisation__in=quorum)
    assert not others.filter(voting_present__lte=F("voting_members") / 2).exists()
    # no organisation meets before it was founded
    assert not Meeting.objects.filter(held_on__lt=F("organisation__founded_on")).exists()


def test_training_most_complete_some_fall_short_one_fails_and_retakes(sample):
    assert set(CourseLibrary.objects.values_list("level", flat=True)) == {"city", "county", "township", "village"}
    hours = dict(Enrolment.objects.values_list("member").annotate(h=Sum("hours")))
    secretaries = set(Organisation.objects.filter(domain="R").values_list("secretary", flat=True))
    rural = set(Member.objects.filter(organisation__domain="R", joined_on__lt=dt.date(YEAR, 1, 1))
                .exclude(status__in=activities.GONE).exclude(pk__in=secretaries).values_list("pk", flat=True))
    rural_hours = [hours.get(pk, 0) for pk in rural]
    top = max(rural_hours)
    assert sum(h == top for h in rural_hours) > 0.8 * len(rural_hours)  # most complete every course
    assert any(0 < h < top for h in rural_hours)  # some leave one out on purpose
    assert Enrolment.objects.filter(completed_on__isnull=True).exists()
    assert max(hours.get(pk, 0) for pk in secretaries if pk) > top  # secretaries' own course on top
    papers = Paper.objects.all()
    assert papers.filter(passed=False, attempt=1).exists() and papers.filter(attempt=2, passed=True).exists()
    for paper in papers.select_related("exam"):
        assert paper.passed == (paper.score >= paper.exam.pass_mark)
        assert len(paper.drawn) == paper.exam.questions
    assert set(papers.values_list("member", flat=True)) <= secretaries


def test_writing_a_year_again_replaces_it_and_flushing_the_register_deletes_it(sample):
    from guifan.venues.models import Venue, VenueRating

    assert "Venues: " in sample  # the venues and their ratings (M13; guifan.seeding.venues), every village's rated
    rated = Venue.objects.filter(organisation__domain__in=("R", "U"))
    assert rated.exists() and not rated.exclude(ratings__year=YEAR).exists()
    counts = (Meeting.objects.count(), Attendance.objects.count(), Enrolment.objects.count(),
              VenueRating.objects.count())
    call_command("seed_activities", stdout=io.StringIO())
    assert (Meeting.objects.count(), Attendance.objects.count(), Enrolment.objects.count(),
            VenueRating.objects.count()) == counts
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_activities", "--if-empty", stdout=out)
    assert "nothing generated" in out.getvalue()
    assert "venues already" in out.getvalue() and VenueRating.objects.count() == counts[-1]
    call_command("seed", scale="tiny", flush=True, stdout=io.StringIO())
    assert not Meeting.objects.exists() and not Enrolment.objects.exists() and not CourseLibrary.objects.exists()
    assert not Venue.objects.exists() and not VenueRating.objects.exists()


def test_seed_activities_needs_the_register(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="guifan seed"):
        call_command("seed_activities", stdout=io.StringIO())


def test_the_planted_misses_read_in_chinese_without_codes(tiny):
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("seed_activities", stdout=out)
    text = out.getvalue()
    assert "2018年有意留下的组织生活缺项" in text and "月未召开支委会" in text and "到会有表决权党员未超过半数" in text
    assert "committee_meeting" not in text and "member_meeting" not in text


def test_seed_writes_them_when_asked(db):
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed", scale="tiny", activities=True, stdout=out)
    assert "meetings and training (up to" in out.getvalue()
    assert Meeting.objects.exists() and Enrolment.objects.exists()
