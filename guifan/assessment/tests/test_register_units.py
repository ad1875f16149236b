"""ORG-N-01 and TEAM-N-01 judged on the register (issue 8): a unit without an organisation of its own is judged on
the members working in it (`Member.work_unit`), not only on figures given to `guifan evaluate`."""

from guifan import testing as t
from guifan.assessment.actions import run_assessment
from guifan.assessment.models import RegionResult
from guifan.core.models import ChangeLog
from guifan.members.models import Member
from guifan.orgs.models import HostUnit


def county_verdict(pack_version, criterion: str) -> str:
    run = run_assessment(2018, pack_version=pack_version)
    return RegionResult.objects.get(run=run, region__code="450321", level="county").rollups[criterion][0]


def test_three_full_members_working_in_a_unit_without_organisation_fail_org_n_01(two_counties, pack_version):
    enterprise = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="阳朔某公司", headcount=40)
    branch = two_counties["yangshuo"]["branch"]
    working = [t.member(branch, work_unit=enterprise) for _ in range(2)]
    assert county_verdict(pack_version, "N-ORG-separate-set-up") != "fail"  # 2 full members: no duty yet
    working.append(t.member(branch, work_unit=enterprise))
    assert county_verdict(pack_version, "N-ORG-separate-set-up") == "fail"  # 3: it should have its own
    Member.objects.filter(pk=working[-1].pk).update(category=Member.Category.PROBATIONARY)
    assert county_verdict(pack_version, "N-ORG-separate-set-up") != "fail"


def test_an_enterprise_of_50_staff_without_members_fails_team_n_01(two_counties, pack_version):
    enterprise = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="阳朔某工厂", headcount=60)
    assert county_verdict(pack_version, "N-TEAM-enterprises-have-members") == "fail"
    t.member(two_counties["yangshuo"]["branch"], work_unit=enterprise)
    assert county_verdict(pack_version, "N-TEAM-enterprises-have-members") == "pass"


def test_a_run_is_written_to_the_change_log(two_counties, pack_version):
    run = run_assessment(2018, pack_version=pack_version)
    log = ChangeLog.objects.get(object_type="assessment.assessmentrun", object_id=str(run.pk))
    assert (log.action, log.related_id, log.after["year"]) == ("run", str(pack_version.pk), 2018)
