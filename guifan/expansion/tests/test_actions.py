"""The expansion list's writes (M01): finding makes tasks of the township, never twice; closing needs the register
to show the gap fixed; a deadline is never moved into the past; nothing outside the user's area. Each refusal
writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.expansion import actions
from guifan.expansion.models import ExpansionTask
from guifan.orgs import actions as org_actions
from guifan.orgs.models import HostUnit, Organisation

YS, LG = "450321100", "450312100"
TODAY = dt.date(2018, 6, 1)


@pytest.fixture
def gapped(two_counties, users, pack_version):
    """An enterprise of 120 staff without an organisation in each county; the general branches of 4 members are
    mismatched (a general branch is for 50 or more)."""
    return {**two_counties, "users": users,
            "ys_unit": t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=120, name="阳朔某公司"),
            "lg_unit": t.host_unit(LG, HostUnit.Kind.ENTERPRISE, headcount=120, name="临桂某公司")}


def _scope(user):
    return Scope(user)


def test_find_makes_tasks_of_the_township_with_the_pack_days(gapped):
    counts = actions.find(_scope(gapped["users"]["county"]), user=gapped["users"]["county"], today=TODAY)
    task = ExpansionTask.objects.get(host_unit=gapped["ys_unit"])
    assert task.gap == "uncovered_unit" and task.detail == "enterprise" and task.headcount == 120
    assert task.region == gapped["yangshuo"]["township"]
    assert task.deadline == TODAY + dt.timedelta(days=90) and task.state == "open"
    mismatch = ExpansionTask.objects.get(organisation=gapped["yangshuo"]["committee"])
    assert mismatch.detail == "general_branch_too_small" and mismatch.deadline == TODAY + dt.timedelta(days=60)
    assert not ExpansionTask.objects.filter(host_unit=gapped["lg_unit"]).exists()  # outside the county
    assert counts["created"] == ExpansionTask.objects.count() >= 2
    assert ChangeLog.objects.filter(action=ChangeLog.Action.RUN, source="expansion").count() == 1


def test_find_again_does_not_duplicate(gapped):
    city = _scope(gapped["users"]["city"])
    first = actions.find(city, today=TODAY)
    before = ExpansionTask.objects.count()
    second = actions.find(city, today=TODAY + dt.timedelta(days=3))
    assert ExpansionTask.objects.count() == before
    assert second["created"] == 0 and second["already_listed"] == first["found"]
    assert set(ExpansionTask.objects.values_list("found_on", flat=True)) == {TODAY}
    gapped["ys_unit"].headcount = 130
    gapped["ys_unit"].save()
    actions.find(city, today=TODAY + dt.timedelta(days=5))
    task = ExpansionTask.objects.get(host_unit=gapped["ys_unit"])
    assert task.headcount == 130 and task.deadline == TODAY + dt.timedelta(days=90)
    assert ExpansionTask.objects.count() == before


def test_close_refused_while_the_register_shows_the_gap(gapped):
    user = gapped["users"]["township"]
    actions.find(_scope(user), today=TODAY)
    task = ExpansionTask.objects.get(host_unit=gapped["ys_unit"])
    logs = ChangeLog.objects.count()
    with pytest.raises(ValidationError, match="登记|register"):
        actions.close(task, scope=_scope(user), user=user)
    task.refresh_from_db()
    assert task.state == "open" and task.closed_at is None and ChangeLog.objects.count() == logs


def test_close_once_an_organisation_is_set_up_then_reopened_when_it_is_dissolved(gapped):
    user = gapped["users"]["township"]
    actions.find(_scope(user), today=TODAY)
    task = ExpansionTask.objects.get(host_unit=gapped["ys_unit"])
    org = t.organisation(gapped["ys_unit"])
    actions.close(task, scope=_scope(user), user=user, note="已成立党支部")
    task.refresh_from_db()
    assert task.state == "fixed" and task.closed_by == user and task.note == "已成立党支部"
    assert ChangeLog.objects.filter(object_type="expansion.expansiontask", object_id=str(task.pk),
                                    action=ChangeLog.Action.UPDATE).exists()
    with pytest.raises(ValidationError):
        actions.close(task, scope=_scope(user), user=user)
    org_actions.update_organisation(org, {"dissolved_on": dt.date(2018, 7, 1)})
    counts = actions.find(_scope(user), today=TODAY + dt.timedelta(days=40))
    task.refresh_from_db()
    assert counts["reopened"] == 1 and task.state == "open" and task.closed_at is None
    assert task.deadline == TODAY + dt.timedelta(days=130)
    assert ExpansionTask.objects.filter(host_unit=gapped["ys_unit"]).count() == 1


def test_close_a_mismatch_once_the_kind_is_changed(gapped):
    user = gapped["users"]["county"]
    actions.find(_scope(user), today=TODAY)
    committee = gapped["yangshuo"]["committee"]
    task = ExpansionTask.objects.get(organisation=committee, gap="kind_mismatch")
    with pytest.raises(ValidationError):
        actions.close(task, scope=_scope(user), user=user)
    org_actions.update_organisation(committee, {"kind": Organisation.Kind.BRANCH})
    actions.close(task, scope=_scope(user), user=user)
    assert ExpansionTask.objects.get(pk=task.pk).state == "fixed"


def test_close_and_deadline_refused_outside_the_users_area(gapped):
    actions.find(_scope(gapped["users"]["city"]), today=TODAY)
    task = ExpansionTask.objects.get(host_unit=gapped["lg_unit"])
    t.organisation(gapped["lg_unit"])  # fixed in the register: only the area is wrong
    logs = ChangeLog.objects.count()
    for who in ("township", "county", "organisation", "member"):
        user = gapped["users"][who]
        with pytest.raises(ValidationError, match="范围|area"):
            actions.close(task, scope=_scope(user), user=user)
        with pytest.raises(ValidationError, match="范围|area"):
            actions.set_deadline(task, dt.date.today() + dt.timedelta(days=30), scope=_scope(user), user=user)
    task.refresh_from_db()
    assert task.state == "open" and task.deadline == TODAY + dt.timedelta(days=90)
    assert ChangeLog.objects.count() == logs


def test_deadline_in_the_past_refused(gapped):
    user = gapped["users"]["township"]
    actions.find(_scope(user), today=TODAY)
    task = ExpansionTask.objects.get(host_unit=gapped["ys_unit"])
    logs = ChangeLog.objects.count()
    with pytest.raises(ValidationError, match="早于今天"):
        actions.set_deadline(task, TODAY - dt.timedelta(days=1), scope=_scope(user), user=user, today=TODAY)
    task.refresh_from_db()
    assert task.deadline == TODAY + dt.timedelta(days=90) and ChangeLog.objects.count() == logs
    actions.set_deadline(task, TODAY, scope=_scope(user), user=user, today=TODAY)
    assert ExpansionTask.objects.get(pk=task.pk).deadline == TODAY


def test_find_refused_to_an_organisation_or_member_user(gapped):
    for who in ("organisation", "member"):
        with pytest.raises(ValidationError):
            actions.find(_scope(gapped["users"][who]), today=TODAY)
    assert not ExpansionTask.objects.exists()
    assert not ChangeLog.objects.filter(source="expansion").exists()


def test_find_refused_without_expansion_rules(two_counties, users):
    """No pack in effect: nothing can be found, and the message says why."""
    with pytest.raises(ValidationError, match="标准|standard"):
        actions.find(_scope(users["city"]), today=TODAY)
    assert not ExpansionTask.objects.exists()


def test_overdue_is_an_open_task_past_its_deadline(gapped):
    actions.find(_scope(gapped["users"]["city"]), today=TODAY)
    task = ExpansionTask.objects.get(host_unit=gapped["ys_unit"])
    assert task.status(TODAY) == "open"
    assert task.status(TODAY + dt.timedelta(days=91)) == "overdue"
