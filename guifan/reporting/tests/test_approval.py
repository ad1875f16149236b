"""Approval level by level, reopening, completeness per region, reminders."""

import datetime as dt

import pytest
from django.utils import timezone

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog
from guifan.facts.actions import FactError, get_report, set_values
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import HostUnit, Organisation
from guifan.reporting import actions as approval
from guifan.reporting import actions as workflow
from guifan.reporting import notices
from guifan.reporting.completeness import completeness, expected_organisations
from guifan.reporting.models import Notice
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture
def period(db):
    ensure_shipped_pack_loaded()
    return Period.yearly(2018)


def submitted(org, period, user):
    report = get_report(org, period)
    set_values(report, {"democratic_appraisals": 4}, user)
    return approval.submit(report, user)


def test_levels_in_turn_parent_after_children(two_counties, users, period):
    y = two_counties["yangshuo"]
    scopes = {k: Scope(users[k]) for k in ("township", "county", "city", "organisation")}
    committee = submitted(y["committee"], period, users["organisation"])
    assert not approval.can_approve(scopes["organisation"], committee)
    approval.approve(committee, users["township"], scopes["township"])
    with pytest.raises(FactError, match="cannot be approved yet"):  # the branch has not been approved
        approval.approve_region(y["township"], period, users["county"], scopes["county"])
    branch = submitted(y["branch"], period, users["organisation"])
    with pytest.raises(FactError):  # the county is not the first level
        approval.approve(branch, users["county"], scopes["county"])
    approval.approve(branch, users["township"], scopes["township"])
    with pytest.raises(FactError):  # the township cannot approve itself at county level
        approval.approve_region(y["township"], period, users["township"], scopes["township"])
    assert approval.approve_region(y["township"], period, users["county"], scopes["county"]) == 2
    assert approval.approve_region(y["county"], period, users["city"], scopes["city"]) == 2
    assert set(FactReport.objects.values_list("approval_level", flat=True)) == {"city"}
    assert FactReport.objects.filter(state="approved").count() == 2


def test_reopen_only_by_the_approver_and_audited(two_counties, users, period):
    y = two_counties["yangshuo"]
    township, county = Scope(users["township"]), Scope(users["county"])
    report = submitted(y["committee"], period, users["organisation"])
    approval.approve(report, users["township"], township)
    submitted(y["branch"], period, users["organisation"])
    approval.approve(FactReport.objects.get(organisation=y["branch"]), users["township"], township)
    approval.approve_region(y["township"], period, users["county"], county)
    report.refresh_from_db()
    with pytest.raises(FactError, match="only the level"):
        approval.return_report(report, users["township"], township, "改")
    with pytest.raises(FactError, match="locked"):
        set_values(report, {"democratic_appraisals": 9}, users["organisation"])
    approval.return_report(report, users["county"], county, "党课次数需核实")
    report.refresh_from_db()
    assert (report.state, report.approval_level, report.returned_reason) == ("returned", "", "党课次数需核实")
    log = ChangeLog.objects.get(object_type="facts.factreport", object_id=str(report.pk), source="reopen")
    assert log.before["state"] == "approved" and log.action == "return" and log.user == users["county"]
    steps = ChangeLog.objects.filter(object_type="facts.factreport", object_id=str(report.pk)).order_by("id")
    assert [(e.action, e.after["level"]) for e in steps] == [
        ("submit", ""), ("approve", "township"), ("approve", "county"), ("return", "county")]
    assert {e.related_id for e in steps} == {str(report.organisation_id)}
    assert report.events.filter(action="reopen", level="county").exists()
    set_values(report, {"democratic_appraisals": 5}, users["organisation"])


def test_completeness_per_county_equals_a_direct_count(two_counties, users, period):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    extra = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="企业")
    t.organisation(extra, Organisation.Kind.BRANCH, name="2019年成立", founded_on=dt.date(2019, 3, 1))
    t.organisation(extra, Organisation.Kind.BRANCH, name="2018年撤销", founded_on=dt.date(2000, 1, 1),
                   dissolved_on=dt.date(2018, 6, 30))
    t.organisation(extra, Organisation.Kind.BRANCH, name="2017年撤销", dissolved_on=dt.date(2017, 6, 30))
    Period.objects.filter(pk=period.pk).update(deadline=dt.date(2019, 1, 31))
    period.refresh_from_db()
    on_time = submitted(y["committee"], period, users["organisation"])
    late = submitted(y["branch"], period, users["organisation"])
    FactReport.objects.filter(pk=on_time.pk).update(submitted_at=timezone.make_aware(dt.datetime(2019, 1, 31, 20)))
    FactReport.objects.filter(pk=late.pk).update(submitted_at=timezone.make_aware(dt.datetime(2019, 2, 1, 9)))
    submitted(ling["branch"], period, users["admin"])
    get_report(ling["committee"], period)  # a draft: expected, not received
    city = t.region("450300")
    result = completeness(period, city)
    for county in (y["county"], ling["county"]):
        orgs = Organisation.objects.filter(region__path__startswith=county.path).exclude(kind="group").filter(
            founded_on__lte=period.end) | Organisation.objects.filter(
            region__path__startswith=county.path, founded_on__isnull=True).exclude(kind="group")
        orgs = [o for o in orgs.distinct() if not o.dissolved_on or o.dissolved_on >= period.start]
        received = FactReport.objects.filter(period=period, organisation__in=orgs, state__in=["submitted", "approved"])
        counts = result.children[county.code]
        assert counts.expected == len(orgs) and counts.received == received.count()
    assert result.children[y["county"].code].expected == 3  # committee, branch, the branch dissolved mid-2018
    assert result.children[y["county"].code].late == 1 and result.total.received == 3
    assert {o.name for o in result.missing} >= {"2018年撤销", ling["committee"].name}
    assert expected_organisations(period, city).count() == result.total.expected == 5


def test_remind_creates_notices_for_reporters(two_counties, users, period, client):
    y = two_counties["yangshuo"]
    result = completeness(period, y["township"])
    assert notices.remind(result.missing, period, users["township"]) == 2  # committee, branch -> one reporter
    assert notices.remind(result.missing, period, users["township"]) == 0  # not twice while unread
    client.force_login(users["organisation"])
    page = client.get(f"/reports/{y['committee'].pk}/2018/").content.decode()
    assert "notices-bell" in page
    assert Notice.objects.filter(user=users["organisation"], kind="reminder").count() == 2


def test_approved_report_is_locked_until_returned(two_counties, users, period):
    report = get_report(two_counties["yangshuo"]["committee"], period)
    set_values(report, {"democratic_appraisals": 4})
    t.submit_and_approve(report, users["organisation"], users["township"])
    with pytest.raises(FactError, match="locked"):
        set_values(report, {"democratic_appraisals": 5})
    with pytest.raises(FactError, match="why"):
        workflow.return_report(report, users["township"], Scope(users["township"]), " ")
    returned = workflow.return_report(report, users["township"], Scope(users["township"]), "讲课次数有误")
    assert returned.returned_reason == "讲课次数有误"
    set_values(report, {"democratic_appraisals": 5})
    report.refresh_from_db()
    assert report.values["democratic_appraisals"] == 5 and report.state == "draft"
