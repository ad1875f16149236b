import datetime as dt

import pytest

from guifan import testing as t
from guifan.facts.derived import derive_facts, deriver_for, is_urban_district
from guifan.facts.models import FactReport, Period, RegionFigure
from guifan.members.models import Member
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.selectors import ensure_shipped_pack_loaded

K = Organisation.Kind


@pytest.fixture
def pack(db):
    return ensure_shipped_pack_loaded().pack()


def test_urban_district_from_the_division_code():
    assert is_urban_district("450312") is True  # 临桂区
    assert is_urban_district("450321") is False  # 阳朔县
    assert is_urban_district("450381") is False  # 荔浦市
    assert is_urban_district(None) is None


def test_derived_facts_of_a_village(pack, two_counties):
    y = two_counties["yangshuo"]
    village, committee, branch = y["village"], y["committee"], y["branch"]
    groups = [t.host_unit("450321100", HostUnit.Kind.VILLAGER_GROUP, parent=village) for _ in range(3)]
    Organisation.objects.filter(pk=y["group"].pk).update(host_unit=groups[0])
    branch.covered_units.add(groups[1])
    t.member(branch, category=Member.Category.PROBATIONARY, joined_on=dt.date(2018, 3, 1))
    t.member(branch, joined_on=dt.date(2017, 6, 1), status=Member.Status.FLOWING)
    t.member(branch, joined_on=dt.date(2019, 6, 1))  # not yet a member in 2018
    t.member(branch, status=Member.Status.LEFT)
    county = t.region("450321")
    period = Period.yearly(2018)
    RegionFigure.objects.create(region=county, period=period, code="county_rural_income_prev_year_yuan", value=11000)
    result = derive_facts(pack, period)
    assert result["not_computed"] == []
    derived = FactReport.objects.get(organisation=committee, period=period).derived
    assert derived["members_total"] == 6 and derived["full_members"] == 5
    assert derived["members_recruited_2y"] == 2 and derived["flowing_members"] == 1
    assert (derived["villager_groups_total"], derived["villager_groups_covered"]) == (3, 2)
    assert derived["county_rural_income_prev_year_yuan"] == 11000
    assert derived["is_poor_village"] is False and derived["has_party_organisation"] is True
    assert derived["kind_matches_members"] is False  # a general branch needs 50 members (register rules)
    assert derived["election_on_schedule"] is True
    assert "in_urban_district" not in derived  # a U fact; the village is R
    branch_facts = FactReport.objects.get(organisation=branch, period=period).derived
    assert branch_facts["party_groups"] == 1 and branch_facts["kind_matches_members"] is True
    assert not FactReport.objects.filter(organisation=y["group"]).exists()  # a party group reports nothing


def test_units_without_organisation_and_joint_cover(pack, two_counties):
    enterprise = t.host_unit("450312100", HostUnit.Kind.ENTERPRISE, headcount=120)
    joint_host = t.host_unit("450312100", HostUnit.Kind.ENTERPRISE, headcount=40)
    covered = t.host_unit("450312100", HostUnit.Kind.ENTERPRISE, headcount=150)
    joint = t.organisation(joint_host, K.BRANCH, setup=Organisation.SetUp.JOINT)
    joint.covered_units.add(covered)
    deriver = deriver_for(pack, Period.yearly(2018))
    facts = {u: deriver.unit(deriver.reg.units[u.pk]) for u in (enterprise, covered)}
    assert facts[enterprise]["has_party_organisation"] is False and facts[enterprise]["staff_total"] == 120
    assert facts[covered]["has_party_organisation"] is True
    assert facts[covered]["has_separate_organisation"] is False
    org_facts = deriver.organisation(deriver.reg.orgs[joint.pk])
    assert org_facts["has_separate_organisation"] is False and org_facts["staff_total"] == 40


def test_regional_organisation_flag_comes_from_the_register(pack, db):
    community = t.host_unit("450303001", HostUnit.Kind.COMMUNITY)
    regional = t.organisation(community, Organisation.Kind.COMMITTEE, is_regional=True)
    ordinary = t.organisation(t.host_unit("450303001", HostUnit.Kind.COMMUNITY), Organisation.Kind.COMMITTEE)
    period = Period.yearly(2018)
    derive_facts(pack, period)
    reports = {r.organisation_id: r.derived for r in FactReport.objects.filter(period=period)}
    assert reports[regional.pk]["is_regional_organisation"] is True
    assert reports[ordinary.pk]["is_regional_organisation"] is False


def test_a_unit_without_organisation_counts_the_members_working_in_it(pack, two_counties):
    """ORG-N-01 / TEAM-N-01 read the members a unit without an organisation of its own employs (Member.work_unit)."""
    enterprise = t.host_unit("450312100", HostUnit.Kind.ENTERPRISE, headcount=120)
    branch = two_counties["lingui"]["branch"]
    for category in (Member.Category.FULL, Member.Category.FULL, Member.Category.PROBATIONARY):
        t.member(branch, category=category, work_unit=enterprise)
    t.member(branch, work_unit=enterprise, status=Member.Status.LEFT)
    deriver = deriver_for(pack, Period.yearly(2018))
    facts = deriver.unit(deriver.reg.units[enterprise.pk])
    assert (facts["members_total"], facts["full_members"]) == (3, 2)
    t.member(branch, category=Member.Category.FULL, work_unit=enterprise)
    deriver = deriver_for(pack, Period.yearly(2018))
    assert deriver.unit(deriver.reg.units[enterprise.pk])["full_members"] == 3
    # the branch they belong to still counts them as its own members
    assert deriver.organisation(deriver.reg.orgs[branch.pk])["members_total"] >= 4
