"""The home page's to-do lists (issue 10 item 2): what each role sees, within its scope, from stored state."""

import datetime as dt

import pytest

from guifan.accounts.scope import Scope
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactReport, Period
from guifan.reporting import actions as workflow
from guifan.reporting import completeness, todo
from guifan.standards.selectors import ensure_shipped_pack_loaded

pytestmark = pytest.mark.django_db
APRIL = dt.date(2018, 4, 20)  # the yearly report and Q2 are open and due later; Q1 and January to March are past due


@pytest.fixture
def year(two_counties):
    ensure_shipped_pack_loaded()
    completeness.rebuild()  # as the seed does: every period counted from the start
    return Period.yearly(2018)


FIGURE = {"yearly": "democratic_appraisals", "quarterly": "party_lectures", "monthly": "branch_committee_meetings"}


def submit(org, period, user):
    report = get_report(org, period)
    set_values(report, {FIGURE[period.kind]: 1}, user)
    return workflow.submit(report, user)


def keys(tasks):
    return [(t.organisation.name, t.period.code) for t in tasks]


def test_the_reporting_year_is_the_latest_yearly_period_and_its_begun_periods(year):
    found = todo.reporting_year(APRIL)
    assert found.period == year
    assert [p.code for p in found.periods][:2] == ["201801", "201802"]  # by due day
    assert {p.code for p in found.periods} == {"2018", "2018Q1", "2018Q2", "201801", "201802", "201803", "201804"}
    assert {p.code for p in found.past_due} == {"2018Q1", "201801", "201802", "201803"}


def test_a_secretary_sees_the_reports_due_of_their_organisations_returned_first(year, users, two_counties):
    y = two_counties["yangshuo"]
    scope = Scope(users["organisation"])
    workflow.return_report(submit(y["branch"], year, users["organisation"]), users["township"],
                           Scope(users["township"]), "党员人数与名册不符")
    submit(y["committee"], Period.quarterly(2018, 1), users["organisation"])
    found = todo.secretary_todo(scope, users["organisation"], APRIL)
    tasks = found["tasks"]
    first = tasks[0]
    assert (first.organisation, first.period, first.state) == (y["branch"], year, "returned")
    assert first.reason == "党员人数与名册不符" and first.days_left == (dt.date(2018, 12, 31) - APRIL).days
    assert first.url == f"/reports/{y['branch'].pk}/2018/"
    # every begun period of both organisations (the committee and its branch; not the group), but the submitted one
    assert found["task_total"] == 2 * 7 - 1 and found["waiting_total"] == 1 and found["returned_total"] == 1
    assert ("yangshuo村党总支", "2018Q1") not in keys(tasks)
    assert not any(t.organisation == y["group"] or t.organisation.name.startswith("lingui") for t in tasks)
    january = next(t for t in tasks if t.period.code == "201801")
    assert january.overdue and january.days_overdue == (APRIL - dt.date(2018, 1, 31)).days
    # a quarter's and a month's reports of one organisation are one item each, the first due leading
    monthly = next(t for t in tasks if t.organisation == y["committee"] and t.period.kind == "monthly")
    assert [c["label"] for c in monthly.chips] == ["Month 1", "Month 2", "Month 3", "Month 4"]
    assert len(tasks) == 1 + 1 + 2 + 2  # the branch's returned yearly, the committee's yearly, 2 x (quarters, months)
    # the returned report's notice is among the unread notices, with its period's title
    assert [n.kind for n in found["notices"]] == ["returned"] and found["notices"][0].period_title


def test_late_follows_the_period_deadline(year, users):
    year.deadline = dt.date(2019, 1, 31)
    year.save()
    task = next(t for t in todo.secretary_todo(Scope(users["organisation"]), users["organisation"],
                                               dt.date(2019, 1, 15))["tasks"] if t.period.code == "2018")
    assert not task.overdue and task.days_left == 16
    task = next(t for t in todo.secretary_todo(Scope(users["organisation"]), users["organisation"],
                                               dt.date(2019, 2, 3))["tasks"] if t.period.code == "2018")
    assert task.overdue and task.days_overdue == 3


def test_the_township_sees_what_to_approve_who_is_late_and_what_it_returned(year, users, two_counties):
    y, lingui = two_counties["yangshuo"], two_counties["lingui"]
    submit(y["committee"], year, users["organisation"])
    returned = submit(y["branch"], Period.monthly(2018, 1), users["organisation"])
    workflow.return_report(returned, users["township"], Scope(users["township"]), "会议次数有误")
    submit(lingui["committee"], year, users["admin"])
    found = todo.official_todo(Scope(users["township"]), users["township"], APRIL)
    assert [(r.organisation, r.period) for r in found["to_approve"]] == [(y["committee"], year)]
    assert [(r.organisation, r.period.code, r.returned_reason) for r in found["returned"]] == [
        (y["branch"], "201801", "会议次数有误")]
    late = {item.organisation: [p.code for p in item.periods] for item in found["late"]}
    assert late == {y["committee"]: ["201801", "201802", "2018Q1", "201803"],  # by due day, yearly first
                    y["branch"]: ["201801", "201802", "2018Q1", "201803"]}  # a returned report is not received
    assert found["late"][0].days_overdue == (APRIL - dt.date(2018, 1, 31)).days
    assert found["divisions"] == [] and found["ready"] == []


def test_nothing_is_late_before_the_first_due_day(year, users):
    found = todo.official_todo(Scope(users["township"]), users["township"], dt.date(2018, 1, 20))
    assert found["late"] == [] and found["late_total"] == 0


def _approve_township(year, users, two_counties):
    y = two_counties["yangshuo"]
    for org in (y["committee"], y["branch"]):
        workflow.approve(submit(org, year, users["organisation"]), users["township"], Scope(users["township"]))


def test_the_county_sees_its_townships_and_the_ones_ready_for_its_approval(year, users, two_counties):
    township = two_counties["yangshuo"]["township"]
    scope = Scope(users["county"])
    found = todo.official_todo(scope, users["county"], APRIL)
    assert found["ready"] == []
    names = [d.region.code for d in found["divisions"]]
    assert township.code in names and all(code.startswith("450321") for code in names)
    division = next(d for d in found["divisions"] if d.region == township)
    assert (division.expected, division.received, division.late) == (2 * 7, 0, 2 * 4)

    _approve_township(year, users, two_counties)
    found = todo.official_todo(scope, users["county"], APRIL)
    assert [(d.region, p) for d in found["ready"] for p in d.ready] == [(township, year)]
    division = next(d for d in found["divisions"] if d.region == township)
    assert (division.received, division.approved_below, division.approved_here) == (2, 2, 0)
    assert division.url == f"/reports/completeness/2018/{township.code}/"

    workflow.approve_region(township, year, users["county"], scope)
    found = todo.official_todo(scope, users["county"], APRIL)
    assert found["ready"] == []
    assert next(d for d in found["divisions"] if d.region == township).approved_here == 2


def test_the_city_sees_the_counties_and_the_ones_ready(year, users, two_counties):
    county, township = two_counties["yangshuo"]["county"], two_counties["yangshuo"]["township"]
    _approve_township(year, users, two_counties)
    found = todo.official_todo(Scope(users["city"]), users["city"], APRIL)
    assert found["ready"] == []  # the county has not approved its township yet
    codes = {d.region.code for d in found["divisions"]}
    assert {county.code, two_counties["lingui"]["county"].code} <= codes
    assert all(len(code) == 6 for code in codes)  # counties, not townships

    workflow.approve_region(township, year, users["county"], Scope(users["county"]))
    found = todo.official_todo(Scope(users["city"]), users["city"], APRIL)
    assert [(d.region, p) for d in found["ready"] for p in d.ready] == [(county, year)]
    row = next(d for d in found["divisions"] if d.region == county)
    assert (row.approved_below, row.approved_here) == (2, 0)
    lingui = next(d for d in found["divisions"] if d.region == two_counties["lingui"]["county"])
    assert lingui.expected == 2 * 7 and lingui.received == 0 and not lingui.ready


def test_a_submitted_report_of_another_township_is_not_this_townships(year, users, two_counties):
    submit(two_counties["lingui"]["branch"], year, users["admin"])
    found = todo.official_todo(Scope(users["township"]), users["township"], APRIL)
    assert found["to_approve"] == []


def test_late_organisations_for_a_reminder(year, users, two_counties):
    y = two_counties["yangshuo"]
    submit(y["committee"], Period.monthly(2018, 1), users["organisation"])
    found = todo.late_organisations(Scope(users["township"]), y["township"], todo.reporting_year(APRIL))
    by_code = {p.code: orgs for p, orgs in found.items()}
    assert by_code["201801"] == [y["branch"]]
    assert by_code["2018Q1"] == [y["committee"], y["branch"]]
    assert set(by_code) == {"201801", "201802", "201803", "2018Q1"}
    alone = todo.late_organisations(Scope(users["township"]), y["township"], todo.reporting_year(APRIL),
                                    y["committee"])
    assert all(orgs == [y["committee"]] for orgs in alone.values()) and "201801" not in {p.code for p in alone}


def test_received_reports_are_not_listed_for_the_secretary(year, users, two_counties):
    for org in (two_counties["yangshuo"]["committee"], two_counties["yangshuo"]["branch"]):
        for period in todo.reporting_year(APRIL).periods:
            submit(org, period, users["organisation"])
    found = todo.secretary_todo(Scope(users["organisation"]), users["organisation"], APRIL)
    assert found["tasks"] == [] and found["waiting_total"] == 14
    assert FactReport.objects.filter(state="submitted").count() == 14


def test_an_organisation_founded_in_july_is_due_from_july(year, users, two_counties):
    from guifan.facts.periods import reporting_periods

    branch = two_counties["yangshuo"]["branch"]
    branch.founded_on = dt.date(2018, 7, 15)
    branch.save()
    found = todo.reporting_year(dt.date(2018, 12, 20))
    codes = [p.code for p in todo._reporting_periods(branch, found)]
    assert "201806" not in codes and "2018Q2" not in codes and {"201807", "2018Q3", "2018"} <= set(codes)
    begun = {p.code for p in found.periods}
    assert set(codes) == {p.code for p in reporting_periods(branch, 2018, found.pack)} & begun
