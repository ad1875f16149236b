"""An organisation that keeps records of its meetings for a year is not asked its typed meeting figures that year
(ACT-G-01): the yearly form leaves them out, and it has no quarterly or monthly reports left to file."""

import datetime as dt

from django.urls import reverse

from guifan.facts import periods
from guifan.facts.models import Period
from guifan.meetings import actions

YEAR = 2018


def _record(org, members):
    actions.record_meeting(org, kind="member_meeting", held_on=dt.date(YEAR, 3, 1), topic="学习党章", host="书记",
                           minutes="记录", attendance={m.pk: ("present", "") for m in members},
                           today=dt.date(2019, 1, 1))


def test_the_form_leaves_out_the_typed_meeting_figures_of_an_organisation_keeping_records(client, users,
                                                                                         two_counties, pack):
    branch = two_counties["yangshuo"]["branch"]
    client.force_login(users["admin"])
    url = reverse("reporting:report", args=[branch.pk, str(YEAR)])
    assert "democratic_appraisals" in client.get(url).context["form"].fields
    assert {p.kind for p in periods.reporting_periods(branch, YEAR, pack)} == {"yearly", "quarterly", "monthly"}
    _record(branch, two_counties["yangshuo"]["members"])
    fields = client.get(url).context["form"].fields
    assert "democratic_appraisals" not in fields and "poverty_relief_day_held" not in fields
    assert "ledgers_complete" in fields
    assert {p.kind for p in periods.reporting_periods(branch, YEAR, pack)} == {"yearly"}
    assert periods.not_asked(branch, YEAR + 1, pack) == set()  # another year: typed again
    strips = periods.strips([branch, two_counties["lingui"]["branch"]], Period.yearly(YEAR), pack)
    assert strips[branch.pk] == [] and len(strips[two_counties["lingui"]["branch"].pk]) == 17


def test_a_party_groups_records_count_for_its_branch(two_counties, pack):
    branch, group = two_counties["yangshuo"]["branch"], two_counties["yangshuo"]["group"]
    actions.record_meeting(group, kind="group_meeting", held_on=dt.date(YEAR, 4, 1), topic="学习", host="组长",
                           attendance={}, today=dt.date(2019, 1, 1))
    assert "branch_committee_meetings" in periods.not_asked(branch, YEAR, pack)


def test_completeness_no_longer_expects_the_quarterly_report_of_an_organisation_keeping_records(two_counties, pack):
    """expected_organisations leaves out, for a quarter, the organisations (and the branches of party groups) with a
    meeting recorded that year, and only those (meetings.selectors.keeping_records_q)."""
    from guifan.reporting.completeness import expected_organisations

    y, other = two_counties["yangshuo"], two_counties["lingui"]["branch"]
    quarter = Period.quarterly(YEAR, 2)
    before = set(expected_organisations(quarter, pack=pack).values_list("pk", flat=True))
    assert {y["branch"].pk, other.pk} <= before
    actions.record_meeting(y["group"], kind="group_meeting", held_on=dt.date(YEAR, 4, 1), topic="学习", host="组长",
                           attendance={}, today=dt.date(2019, 1, 1))
    after = set(expected_organisations(quarter, pack=pack).values_list("pk", flat=True))
    assert before - after == {y["branch"].pk} and other.pk in after
    assert set(expected_organisations(Period.yearly(YEAR), pack=pack).values_list("pk", flat=True)) >= before
