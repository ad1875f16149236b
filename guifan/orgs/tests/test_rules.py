"""ORG-G-01 / M01: set-up by member count and term lengths, numbers from register-rules.yaml."""

import datetime as dt

from guifan import testing as t
from guifan.orgs import rules
from guifan.orgs.models import Organisation


def codes(org, today=None):
    members, full = rules.subtree_counts([org])[org.pk]
    return {b.code for b in rules.breaches(org, members, full, today)}


def test_branch_with_two_full_members_breaks_the_minimum(db):
    unit = t.host_unit("450321100")
    branch = t.organisation(unit)
    t.member(branch)
    t.member(branch)
    t.member(branch, category="probationary")
    assert "branch_too_few_full" in codes(branch)
    t.member(branch)
    assert "branch_too_few_full" not in codes(branch)


def test_committee_counts_its_whole_subtree(db):
    unit = t.host_unit("450321100")
    committee = t.organisation(unit, Organisation.Kind.COMMITTEE)
    branch = t.organisation(unit, parent=committee)
    for _ in range(3):
        t.member(branch)
    assert rules.subtree_counts([committee, branch]) == {committee.pk: (3, 3), branch.pk: (3, 3)}
    assert "committee_too_small" in codes(committee)


def test_expired_term(db):
    unit = t.host_unit("450321100")
    org = t.organisation(unit, term_start=dt.date(2012, 1, 1), term_end=dt.date(2015, 1, 1))
    assert "term_expired" in codes(org)
    assert rules.term_years("admin_village") == rules.rules()["term_years"]["by_host_kind"]["admin_village"]


def test_uncovered_units_follow_the_rules_file(db):
    from guifan.orgs.models import HostUnit

    rule = next(r for r in rules.coverage_rules() if r.code == "enterprise")
    big = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount)
    t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount - 1)
    covered = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount + 50)
    t.organisation(covered)
    joint_member = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount)
    joint = t.organisation(t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=5),
                           setup=Organisation.SetUp.JOINT)
    joint.covered_units.add(joint_member)
    village = t.host_unit("450321100", HostUnit.Kind.ADMIN_VILLAGE)
    gaps = rules.uncovered_units(HostUnit.objects.all())
    assert list(gaps["enterprise"]) == [big]
    assert list(gaps["village"]) == [village]
