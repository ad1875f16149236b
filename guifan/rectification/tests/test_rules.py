"""The pack's rectification rules (guifan.standards.rectification_rules): a changed copy changes them, a bad one is
refused with its line."""

import pytest

from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


def test_the_shipped_rules():
    rules = parse_pack(SHIPPED).rectification_rules
    assert (rules.max_stars, rules.target_stars, rules.confirmed_by, rules.task_days) == (1, 3, "county", 90)
    assert [s.code for s in rules.situations][:3] == ["lowest_band", "organisational_life_not_held",
                                                      "no_recruit_two_years"]
    assert not rules.reached(None) and not rules.reached(2) and rules.reached(3)


def test_a_copy_changes_the_rules():
    rules = parse_pack(SHIPPED.replace("    task_days: 90\n", "    task_days: 30\n").replace(
        "    confirmed_by: county\n", "    confirmed_by: township\n")).rectification_rules
    assert rules.task_days == 30 and rules.confirmed_by == "township"


@pytest.mark.parametrize("old, new, words", [
    ("failed_any: [R-TEAM-recruitment]", "failed_any: [R-TEAM-nothing]", "unknown criteria"),
    ("    target_stars: 3\n", "    target_stars: 1\n", "target_stars"),
    ("        stars_at_most: 1\n", "        stars_at_most: 1\n        secretary_vacant: true\n", "exactly one"),
])
def test_a_bad_copy_is_refused(old, new, words):
    assert old in SHIPPED
    with pytest.raises(PackError) as error:
        parse_pack(SHIPPED.replace(old, new, 1))
    assert words in str(error.value)
