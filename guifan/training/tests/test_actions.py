"""Libraries, courses, classes, enrolment and the sign-in sheet: bad input refused with its reason, nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guifan.core.models import ChangeLog
from guifan.training import actions
from guifan.training.models import Course, Enrolment

DAY = dt.date(2018, 3, 3)


def test_a_class_cannot_end_before_it_starts(training):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        actions.create_class(training["course"], title="x", starts_on=dt.date(2018, 5, 2), ends_on=dt.date(2018, 5, 1))


def test_the_library_level_is_its_regions(two_counties):
    y = two_counties["yangshuo"]
    assert actions.create_library("乡镇库", region=y["township"]).level == "township"
    assert actions.create_library("村库", organisation=y["committee"]).level == "village"
    with pytest.raises(ValidationError):
        actions.create_library("两者", region=y["township"], organisation=y["committee"])


def test_a_course_audience_must_be_the_packs(training, pack):
    with pytest.raises(ValidationError):
        actions.create_course(training["library"], title="x", mode=Course.Mode.ONLINE, hours=1, credits=1,
                              audience="nobody", audiences=pack.training.audiences)
    with pytest.raises(ValidationError):
        actions.create_course(training["library"], title="x", mode="lecture", hours=1, credits=1)
    with pytest.raises(ValidationError):
        actions.create_course(training["library"], title="x", mode=Course.Mode.ONLINE, hours="many", credits=1)


def test_one_sign_in_sheet_records_everyone_at_once(training):
    klass, members = training["class"], training["members"]
    before = ChangeLog.objects.count()
    assert actions.record_completions(klass, members, completed_on=DAY) == 4
    assert ChangeLog.objects.count() == before + 1
    done = Enrolment.objects.filter(training_class=klass)
    assert {(e.completed_on, e.hours, e.credits) for e in done} == {(DAY, 24, 2)}


def test_a_completion_twice_or_for_a_member_not_enrolled_writes_nothing(training, two_counties):
    klass, members = training["class"], training["members"]
    actions.record_completions(klass, members[:1], completed_on=DAY)
    stranger = two_counties["lingui"]["members"][0]
    with pytest.raises(ValidationError) as caught:
        actions.record_completions(klass, [members[0], members[1], stranger], completed_on=DAY)
    text = " ".join(caught.value.messages)
    assert "already recorded" in text and members[0].name in text
    assert "Not enrolled" in text and stranger.name in text
    assert Enrolment.objects.filter(training_class=klass, completed_on__isnull=False).count() == 1


def test_a_completion_before_the_class_or_in_the_future(training):
    klass, members = training["class"], training["members"]
    with pytest.raises(ValidationError, match="before the class starts"):
        actions.record_completions(klass, members, completed_on=dt.date(2018, 2, 1))
    with pytest.raises(ValidationError, match="in the future"):
        actions.record_completions(klass, members, completed_on=dt.date(2018, 3, 3), today=dt.date(2018, 3, 2))


def test_enrolling_twice_is_refused(training):
    with pytest.raises(ValidationError, match="Already enrolled"):
        actions.enrol(training["class"], training["members"][:1])


def test_the_points_app_reads_completions_and_passes(training):
    from guifan.training import selectors

    actions.record_completions(training["class"], training["members"][:2], completed_on=DAY)
    assert selectors.completions_in(2018).count() == 2
    assert selectors.completions_in(2018, [training["members"][0].pk]).count() == 1
    assert selectors.passed_papers_in(2018).count() == 0
