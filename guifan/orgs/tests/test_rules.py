"""ORG-G-01 / M01: set-up by member count, term lengths and coverage, judged by the pack in effect in the year."""

import datetime as dt

import pytest

from guifan import testing as t
from guifan.members import selectors as member_selectors
from guifan.orgs import rules
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.actions import load_pack_text
from guifan.standards.pack import PACKS_DIR
from guifan.standards.selectors import ensure_shipped_pack_loaded, reporting_year

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
BRANCH_RULE = "branch: {min_full_members: 3, max_members: 50}"


@pytest.fixture
def pack(db):
    return ensure_shipped_pack_loaded().pack()


def codes(org, today=None, year=2018):
    members, full = member_selectors.subtree_counts([org])[org.pk]
    return {b.code for b in rules.breaches(org, members, full, today, year=year)}


def version_of(version: str, year: int, min_full_members: int) -> str:
    """The shipped pack as another version, in effect in `year`, with another branch minimum of full members."""
    assert BRANCH_RULE in SHIPPED and 'version: "2018.8"' in SHIPPED
    return (SHIPPED.replace('version: "2018.8"', f'version: "{version}"')
            .replace("effective: {from: 2018-01-01", f"effective: {{from: {year}-01-01")
            .replace("to: 2018-12-31}", f"to: {year}-12-31}}")
            .replace(BRANCH_RULE, f"branch: {{min_full_members: {min_full_members}, max_members: 50}}"))


def test_branch_with_two_full_members_breaks_the_minimum(pack):
    unit = t.host_unit("450321100")
    branch = t.organisation(unit)
    t.member(branch)
    t.member(branch)
    t.member(branch, category="probationary")
    assert "branch_too_few_full" in codes(branch)
    t.member(branch)
    assert "branch_too_few_full" not in codes(branch)


def test_committee_counts_its_whole_subtree(pack):
    unit = t.host_unit("450321100")
    committee = t.organisation(unit, Organisation.Kind.COMMITTEE)
    branch = t.organisation(unit, parent=committee)
    for _ in range(3):
        t.member(branch)
    assert member_selectors.subtree_counts([committee, branch]) == {committee.pk: (3, 3), branch.pk: (3, 3)}
    assert "committee_too_small" in codes(committee)


def test_expired_term_and_term_years_from_the_pack(pack):
    unit = t.host_unit("450321100")
    org = t.organisation(unit, term_start=dt.date(2012, 1, 1), term_end=dt.date(2015, 1, 1))
    assert "term_expired" in codes(org)
    judge = rules.for_year(2018)
    assert judge.term_years("admin_village") == 5 and judge.term_years("enterprise") == 3
    assert judge.pack == "guilin-2018@2018.8"


def test_uncovered_units_follow_the_packs_coverage_rules(pack):
    rule = next(r for r in rules.for_year(2018).coverage_rules if r.code == "enterprise")
    assert rule.min_headcount == 100 and rule.spec == ("ORG-N-02", "M01")
    big = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount)
    t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount - 1)
    covered = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount + 50)
    t.organisation(covered)
    joint_member = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=rule.min_headcount)
    joint = t.organisation(t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, headcount=5),
                           setup=Organisation.SetUp.JOINT)
    joint.covered_units.add(joint_member)
    village = t.host_unit("450321100", HostUnit.Kind.ADMIN_VILLAGE)
    gaps = rules.for_year(2018).uncovered_units(HostUnit.objects.all())
    assert list(gaps["enterprise"]) == [big]
    assert list(gaps["village"]) == [village]


def test_without_a_pack_for_the_year_nothing_is_judged(pack):
    """No pack in effect in 2017: the register says it cannot judge, it never answers "no breaches"."""
    branch = t.organisation(t.host_unit("450321100"))
    for _ in range(4):
        t.member(branch)
    judge = rules.for_year(2017)
    assert not judge.judged and judge.uncovered_units(HostUnit.objects.all()) is None
    [breach] = judge.breaches(branch, 4, 4)
    assert breach.code == rules.RULES_MISSING and "2017" in breach.message
    assert codes(branch, year=2018) == set()


def test_a_new_pack_version_changes_the_breaches_of_its_year_only(pack):
    """ORG-G-01: the set-up threshold is pack content: a new version changes the register's verdicts for the
    year it is in effect, and no other year."""
    branch = t.organisation(t.host_unit("450321100"))
    for _ in range(4):
        t.member(branch)
    assert codes(branch, year=2018) == set()
    load_pack_text(version_of("2019.1", 2019, min_full_members=5))
    assert codes(branch, year=2019) == {"branch_too_few_full"}
    assert codes(branch, year=2018) == set()  # 2018 still judged by guilin-2018@2018.8
    [breach] = rules.for_year(2019).breaches(branch, 4, 4)
    assert "5" in breach.message
    # a new version for the same year takes over that year only
    load_pack_text(version_of("2018.9", 2018, min_full_members=6))
    assert codes(branch, year=2018) == {"branch_too_few_full"} and rules.for_year(2018).pack == "guilin-2018@2018.9"
    assert rules.for_year(2019).register.branch_min_full_members == 5
    # pages judge by the current reporting year: the latest year a pack is in effect, up to this one
    assert reporting_year(dt.date(2026, 6, 1)) == 2019 and rules.for_year().year == reporting_year()
