"""Finding the expansion gaps (M01, ORG-G-01, ORG-N-01/02/03, ORG-R-02) at their boundaries, with the pack's figures:
a changed copy of the pack changes the list."""

import pytest

from guifan import testing as t
from guifan.expansion import gaps
from guifan.members.models import Member
from guifan.orgs.models import HostUnit, Organisation

from .conftest import changed_rules

pytestmark = pytest.mark.django_db
YS = "450321100"  # a township of 阳朔


def _units(found, gap):
    return {f.unit_id for f in found if f.gap == gap}


def _find(rules):
    return gaps.find(rules, host_units=HostUnit.objects.all(), organisations=Organisation.objects.all())


def test_enterprise_of_100_staff_without_organisation_is_found_99_is_not(shipped_rules):
    """ORG-N-02: 100 人以上的非公有制企业都有党组织 (the register coverage rule's min_headcount)."""
    at = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=100)
    below = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=99)
    covered = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=300)
    t.organisation(covered)
    closed = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=500, closed_on="2017-01-01")
    found = _units(_find(shipped_rules), "uncovered_unit")
    assert at.pk in found
    assert not {below.pk, covered.pk, closed.pk} & found


def test_a_joint_organisation_covers_a_unit(shipped_rules):
    unit = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=150)
    other = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=120)
    joint = t.organisation(other, setup=Organisation.SetUp.JOINT)
    assert unit.pk in _units(_find(shipped_rules), "uncovered_unit")
    joint.covered_units.add(unit)
    assert unit.pk not in _units(_find(shipped_rules), "uncovered_unit")


def test_social_organisation_of_30_staff_substantive_only(shipped_rules):
    """ORG-N-03: 从业人员30人以上的实体性社会组织都建有党组织."""
    at = t.host_unit(YS, HostUnit.Kind.SOCIAL_ORG, headcount=30)
    below = t.host_unit(YS, HostUnit.Kind.SOCIAL_ORG, headcount=29)
    not_substantive = t.host_unit(YS, HostUnit.Kind.SOCIAL_ORG, headcount=80, is_substantive=False)
    found = _units(_find(shipped_rules), "uncovered_unit")
    assert at.pk in found
    assert not {below.pk, not_substantive.pk} & found


def test_villager_group_without_a_group_or_branch(shipped_rules, two_counties):
    """ORG-R-02: 在农村所有村民小组设立党组织（含党小组）."""
    village = two_counties["yangshuo"]["village"]
    bare = t.host_unit(YS, HostUnit.Kind.VILLAGER_GROUP, parent=village)
    with_group = t.host_unit(YS, HostUnit.Kind.VILLAGER_GROUP, parent=village)
    t.organisation(with_group, Organisation.Kind.GROUP, parent=two_counties["yangshuo"]["branch"])
    found = _units(_find(shipped_rules), "uncovered_unit")
    assert bare.pk in found
    assert with_group.pk not in found


def test_unit_with_3_full_members_and_no_organisation_of_its_own(shipped_rules, two_counties):
    """ORG-N-01: 3名以上正式党员的，都单独建立党组织: full members working there (Member.work_unit), not probationary
    ones nor those who left; a joint organisation is not one of its own."""
    branch = two_counties["yangshuo"]["branch"]
    small = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=20)
    for _ in range(2):
        t.member(branch, work_unit=small)
    t.member(branch, work_unit=small, category=Member.Category.PROBATIONARY)
    t.member(branch, work_unit=small, status=Member.Status.LEFT)
    assert small.pk not in _units(_find(shipped_rules), "unit_with_full_members")
    t.member(branch, work_unit=small)
    found = [f for f in _find(shipped_rules) if f.unit_id == small.pk]
    assert [(f.gap, f.full_members, f.members) for f in found] == [("unit_with_full_members", 3, 4)]
    joint = t.organisation(t.host_unit(YS, HostUnit.Kind.ENTERPRISE), setup=Organisation.SetUp.JOINT)
    joint.covered_units.add(small)
    assert small.pk in _units(_find(shipped_rules), "unit_with_full_members")
    t.organisation(small)
    assert small.pk not in _units(_find(shipped_rules), "unit_with_full_members")


def test_an_uncovered_unit_is_one_task_not_two(shipped_rules, two_counties):
    unit = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=200)
    for _ in range(3):
        t.member(two_counties["yangshuo"]["branch"], work_unit=unit)
    assert [f.gap for f in _find(shipped_rules) if f.unit_id == unit.pk] == ["uncovered_unit"]


def _mismatched(rules):
    return {f.organisation_id: f.detail for f in _find(rules) if f.gap == "kind_mismatch"}


def test_kind_against_member_count_at_the_boundaries(shipped_rules):
    """ORG-G-01 / M01: 3 full members for a branch, no more than 50 in a branch, 50 for a general branch, 100 for a
    committee (set-up-by-member-count)."""
    unit = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=10)
    few = t.organisation(unit)
    for _ in range(2):
        t.member(few)
    t.member(few, category=Member.Category.PROBATIONARY)
    assert _mismatched(shipped_rules)[few.pk] == "branch_too_few_full"
    t.member(few)
    assert few.pk not in _mismatched(shipped_rules)
    general = t.organisation(t.host_unit(YS, HostUnit.Kind.ENTERPRISE), Organisation.Kind.GENERAL_BRANCH)
    assert _mismatched(shipped_rules)[general.pk] == "general_branch_too_small"
    group = t.organisation(unit, Organisation.Kind.GROUP, parent=few)
    assert group.pk not in _mismatched(shipped_rules)


def test_large_branch_and_small_committee_from_the_stored_counts(shipped_rules):
    from guifan.orgs.models import OrganisationCount

    branch = t.organisation(t.host_unit(YS, HostUnit.Kind.ENTERPRISE))
    committee = t.organisation(t.host_unit(YS, HostUnit.Kind.ENTERPRISE), Organisation.Kind.COMMITTEE)
    OrganisationCount.objects.filter(pk=branch.pk).update(members=51, full_members=51)
    OrganisationCount.objects.filter(pk=committee.pk).update(members=99, full_members=99)
    found = _mismatched(shipped_rules)
    assert found[branch.pk] == "branch_too_large" and found[committee.pk] == "committee_too_small"
    OrganisationCount.objects.filter(pk=branch.pk).update(members=50)
    OrganisationCount.objects.filter(pk=committee.pk).update(members=100)
    found = _mismatched(shipped_rules)
    assert branch.pk not in found and committee.pk not in found


def test_a_changed_copy_of_the_pack_changes_the_list():
    """The 100-staff threshold is the pack's: a copy asking 150 drops an enterprise of 120, a copy asking 4 full
    members for a branch drops a unit with 3, and a copy without the kind_mismatch gap finds no mismatch."""
    unit = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=120)
    few = t.organisation(t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=5))
    for _ in range(3):
        t.member(few)
    working = t.host_unit(YS, HostUnit.Kind.SOCIAL_ORG, headcount=5)
    elsewhere = t.organisation(t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=5))
    for _ in range(3):
        t.member(elsewhere, work_unit=working)
    shipped = changed_rules("coverage: {code: enterprise, hosts: [enterprise], min_headcount: 100}",
                            "coverage: {code: enterprise, hosts: [enterprise], min_headcount: 100}")
    assert unit.pk in _units(_find(shipped), "uncovered_unit")
    assert working.pk in _units(_find(shipped), "unit_with_full_members")
    assert few.pk not in _mismatched(shipped)
    raised = changed_rules("min_headcount: 100}", "min_headcount: 150}")
    assert unit.pk not in _units(_find(raised), "uncovered_unit")
    four = changed_rules("branch: {min_full_members: 3,", "branch: {min_full_members: 4,")
    assert working.pk not in _units(_find(four), "unit_with_full_members")
    assert _mismatched(four)[few.pk] == "branch_too_few_full"
    hosts = changed_rules("hosts: [enterprise, social_org, agency, soe]", "hosts: [enterprise]")
    assert working.pk not in _units(_find(hosts), "unit_with_full_members")


def test_the_pack_refuses_an_unknown_coverage_code_and_a_repeated_gap():
    from guifan.standards.errors import PackError

    with pytest.raises(PackError, match="coverage"):
        changed_rules("coverage: [village, villager_group,", "coverage: [nowhere, villager_group,")
    with pytest.raises(PackError, match="twice"):
        changed_rules("    - code: kind_mismatch\n", "    - code: uncovered_unit\n      coverage: [village]\n")
    with pytest.raises(PackError, match="assigned_to"):
        changed_rules("  assigned_to: township\n", "  assigned_to: village\n")


def test_tasks_go_to_the_township(shipped_rules):
    unit = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=120)
    assigned = gaps.assigned_regions({unit.region_id, t.region("450321").pk}, "township")
    assert assigned[unit.region_id] == t.region(YS).pk
    assert assigned[t.region("450321").pk] == t.region("450321").pk  # a county-level unit stays with its county


def test_finding_is_a_handful_of_queries_whatever_the_register(shipped_rules, django_assert_max_num_queries,
                                                               two_counties):
    for i in range(12):
        unit = t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=100 + i)
        t.member(two_counties["yangshuo"]["branch"], work_unit=unit)
    with django_assert_max_num_queries(10):
        found = _find(shipped_rules)
    assert len(_units(found, "uncovered_unit")) >= 12
