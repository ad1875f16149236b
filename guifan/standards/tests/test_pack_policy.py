"""The pack is the only source of policy: a pack without a register rule, naming an unknown computer or parameter, a
region level or a domain that does not exist is refused with the line of the problem, and nothing is stored."""

import pytest

from guifan.standards.actions import load_pack_text
from guifan.standards.errors import PackError
from guifan.standards.models import PackVersion
from guifan.standards.pack import PACKS_DIR, parse_pack

GOOD = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
SET_UP = """    register:
      set_up:
        branch: {min_full_members: 3, max_members: 50}
        general_branch: {min_members: 50}
        committee: {min_members: 100}
"""
TERMS = """    register:
      terms:
        default_years: 3
        years_by_host_kind: {admin_village: 5, rural_community: 5, villager_group: 5, hamlet: 5, community: 5,
                             compound: 5, building: 5}
"""
RECRUITED = "computer: members_recruited, params: {years: 2}"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def refused(text: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, "edited.yaml")
    return caught.value.problems


def edited(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def test_the_shipped_pack_states_every_register_rule():
    register = parse_pack(GOOD).register
    assert (register.branch_min_full_members, register.branch_max_members, register.general_branch_min_members,
            register.committee_min_members) == (3, 50, 50, 100)
    assert register.term_years("community") == 5 and register.term_years("enterprise") == 3
    assert [r.code for r in register.coverage] == ["village", "villager_group", "community", "enterprise",
                                                   "social_org"]
    assert all(r.cited.quote and r.cited.spec for r in register.coverage)
    assert register.set_up_cited.spec == ("ORG-G-01", "ORG-N-01", "M01")


@pytest.mark.django_db
def test_a_pack_without_a_set_up_rule_is_refused_and_not_stored():
    text = edited(SET_UP, "")
    problem, *constants_gone = refused(text)
    rules_line = text.splitlines().index("rules:") + 1
    assert problem.startswith(f"line {rules_line}: rules: no rule gives the register the set-up")
    # ORG-N-01 and ORG-U-02 read the set-up thresholds
    assert any("unknown name 'branch_min_full_members'" in p for p in constants_gone)
    assert any("unknown name 'general_branch_min_members'" in p for p in constants_gone)
    with pytest.raises(PackError):
        load_pack_text(text)
    assert not PackVersion.objects.exists()


def test_a_set_up_rule_missing_a_kind_is_refused_with_its_line():
    text = edited("        committee: {min_members: 100}\n", "")
    [problem] = refused(text)
    assert problem.startswith(f"line {line_of(text, 'branch: {min_full_members: 3')}:")
    assert "'committee' is a required property" in problem


def test_a_pack_without_a_term_rule_or_with_two_is_refused():
    [problem] = refused(edited(TERMS, "    values: {}\n"))
    assert "no rule gives the register the term lengths" in problem
    twice = edited("    register:\n      coverage: {code: village,", "    register:\n      terms: {default_years: 4}\n"
                   "    #")
    [problem] = refused(twice)
    assert problem.startswith(f"line {line_of(twice, 'id: coverage-villages')}: rule coverage-villages: a second")


def test_a_register_rule_needs_its_spec_ids():
    text = edited("    spec: [ORG-R-01, M01]\n    quote: 行政村（含农村社区）党组织组建率达到100%\n    register:",
                  "    quote: 行政村（含农村社区）党组织组建率达到100%\n    register:")
    assert any("'spec' is a required property" in p for p in refused(text))


def test_an_unknown_computer_is_refused_with_its_line():
    text = edited(RECRUITED, "computer: members_hired, params: {years: 2}")
    [problem] = refused(text)
    assert problem.startswith(f"line {line_of(text, 'members_hired')}: fact members_recruited_2y: unknown computer "
                              "'members_hired'")


@pytest.mark.parametrize("params, message", [
    ("{years: 2, months: 3}", "has no parameter 'months'"),
    ('{years: "2"}', "parameter 'years' must be an integer"),
    ("{years: true}", "parameter 'years' must be an integer"),
    ("{years: 0}", "parameter 'years' must be at least 1"),
    ("{}", "needs parameter 'years'"),
])
def test_unknown_missing_or_mistyped_parameters_are_refused(params, message):
    text = edited(RECRUITED, f"computer: members_recruited, params: {params}")
    [problem] = refused(text)
    assert problem.startswith(f"line {line_of(text, 'computer: members_recruited')}:")
    assert message in problem


def test_a_parameter_outside_its_choices_and_a_wrong_source_are_refused():
    [problem] = refused(edited("params: {flag: poor_village}", "params: {flag: rich_village}"))
    assert "'rich_village' is not one of poor_village, substantive, window_unit" in problem
    [problem] = refused(edited("{source: members, computer: flowing_members", "{source: register, computer: "
                                                                             "flowing_members"))
    assert "computer 'flowing_members' reads source 'members', not 'register'" in problem


def test_a_region_level_or_domain_that_does_not_exist_is_refused_with_its_line():
    text = edited("applies: {level: township, domains: [R], hosts: [admin_village, rural_community], kinds:",
                  "applies: {level: province, domains: [R], hosts: [admin_village, rural_community], kinds:")
    [problem] = refused(text)
    assert problem.startswith(f"line {line_of(text, 'level: province')}:") and "'province' is not one of" in problem
    text = edited("{code: members_total, type: integer, unit: 人, domains: [R, U, N, A, S]",
                  "{code: members_total, type: integer, unit: 人, domains: [R, U, X, A, S]")
    [problem] = refused(text)
    assert problem.startswith(f"line {line_of(text, 'domains: [R, U, X, A, S]')}:") and "'X' is not one of" in problem
