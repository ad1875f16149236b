"""The pack's validation rules (DHIS2's missing-value strategies) and outlier rules, and refusing bad rules."""

import pytest

from guifan.reporting.quality import ERROR, OUTLIER, RULE, WARNING, check_report
from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, load_pack, parse_pack

GOOD = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pack():
    return load_pack("guilin-2018")


def codes(issues):
    return [i.code for i in issues]


def test_the_shipped_pack_has_real_rules(pack):
    assert len(pack.validation_rules) >= 5 and len(pack.outlier_rules) >= 5
    rule = next(r for r in pack.validation_rules if r.id == "VR-full-members")
    assert (rule.facts, rule.operator, rule.domains) == (("full_members", "members_total"), "<=",
                                                         ("R", "U", "N", "A", "S"))


def test_rule_broken_and_kept(pack):
    issues = check_report(pack, {"full_members": 12, "members_total": 10})
    assert codes(issues) == ["VR-full-members"]
    assert (issues[0].severity, issues[0].kind, issues[0].facts) == (ERROR, RULE, ("full_members", "members_total"))
    assert "12" in issues[0].message and "10" in issues[0].message
    assert check_report(pack, {"full_members": 10, "members_total": 10}) == []


def test_missing_value_strategies(pack):
    # SKIP_IF_ANY_VALUE_MISSING (default): one side missing, the rule is skipped
    assert check_report(pack, {"member_poor_households_lifted": 3}) == []
    # SKIP_IF_ALL_VALUES_MISSING: dues returned without dues paid counts the missing as 0 and breaks
    assert codes(check_report(pack, {"dues_returned_yuan": 500})) == ["VR-dues-returned"]
    assert check_report(pack, {}) == []
    # an expression side: city + district shares reported as 0 and 0 break "> 0"; one of them missing counts as 0
    assert codes(check_report(pack, {"pay_city_share_yuan": 0})) == ["VR-community-pay-shares"]
    assert check_report(pack, {"pay_city_share_yuan": 0, "pay_district_share_yuan": 1}) == []


def test_rules_of_other_domains_are_skipped(pack):
    values = {"pay_city_share_yuan": 0}
    assert codes(check_report(pack, values, domain="U")) == ["VR-community-pay-shares"]
    assert check_report(pack, values, domain="R") == []


def test_outliers_absolute_and_against_last_year(pack):
    issues = check_report(pack, {"activity_room_area_m2": 5001})
    assert codes(issues) == ["OR-activity-room-area"] and issues[0].severity == WARNING
    assert issues[0].kind == OUTLIER
    assert check_report(pack, {"activity_room_area_m2": 5000}) == []
    assert codes(check_report(pack, {"venue_area_m2": 2001}, previous={"venue_area_m2": 200})) == ["OR-venue-area"]
    assert check_report(pack, {"venue_area_m2": 2000}, previous={"venue_area_m2": 200}) == []
    assert codes(check_report(pack, {"venue_area_m2": 19}, previous={"venue_area_m2": 200})) == ["OR-venue-area"]
    assert check_report(pack, {"venue_area_m2": 5000}, previous={"venue_area_m2": 0}) == []  # no ratio to 0
    assert check_report(pack, {"venue_area_m2": 5000}) == []


@pytest.mark.parametrize("rule, reason", [
    ("validation_rules: [{id: X, left: no_such_fact, operator: '<=', right: members_total, "
     "message: {zh: 甲, en: a}}]", "unknown name 'no_such_fact'"),
    ("validation_rules: [{id: X, left: v10r_flags, operator: '<=', right: members_total, message: {zh: 甲, en: a}}]",
     "cannot compare"),
    ("validation_rules: [{id: X, left: pocket_members_unresolved, operator: '<=', right: volunteer_teams, "
     "message: {zh: 甲, en: a}}]", "share no domain"),
    ("validation_rules: [{id: X, left: members_total, operator: '=<', right: '1', message: {zh: 甲, en: a}}]",
     "operator"),
    ("validation_rules: [{id: X, left: '1', operator: '<=', right: '2', message: {zh: 甲, en: a}}]", "names no fact"),
    ("outlier_rules: [{id: X, fact: v10r_flags, max: 1, message: {zh: 甲, en: a}}]", "is not a number"),
    ("outlier_rules: [{id: X, fact: venue_area_m2, message: {zh: 甲, en: a}}]", "outlier_rules/0"),
    ("outlier_rules: [{id: X, fact: venue_area_m2, max_ratio: 0.5, message: {zh: 甲, en: a}}]", "max_ratio"),
    ("outlier_rules: [{id: OR-venue-area, fact: venue_area_m2, max: 1, message: {zh: 甲, en: a}}]", "duplicate id"),
])
def test_bad_rules_refuse_the_pack_with_a_line(rule, reason):
    section = rule.split(":", 1)[0]
    text = GOOD.replace(f"\n{section}:\n", f"\n{section}_old:\n", 1) if rule.startswith(section) else GOOD
    if section == "outlier_rules" and "duplicate" in reason:
        text = GOOD.replace("\noutlier_rules:\n", "\noutlier_rules:\n  - {id: OR-venue-area, fact: venue_area_m2, "
                                                  "max: 1, message: {zh: 甲, en: a}}\n", 1)
    else:
        text = text.replace(f"\n{section}_old:\n", "\nold_rules_removed:\n", 1)
        text = _drop_section(text, "old_rules_removed") + "\n" + rule + "\n"
    with pytest.raises(PackError) as caught:
        parse_pack(text, "edited.yaml")
    assert reason in str(caught.value) and "line " in str(caught.value)


def _drop_section(text: str, name: str) -> str:
    lines, out, skipping = text.split("\n"), [], False
    for line in lines:
        if line.startswith(f"{name}:"):
            skipping = True
            continue
        if skipping and line and not line.startswith((" ", "#")):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)
