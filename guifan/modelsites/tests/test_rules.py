"""The pack's `model_sites` (M02): compiled onto the pack; quotas that do not add up to the total, an unknown
criterion, a criterion of another domain or a missing step make the pack refuse to load, naming the problem."""

import pytest

from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


def test_the_shipped_pack_sets_100_sites_by_grade_and_kind():
    rules = parse_pack(SHIPPED).model_sites
    assert rules.total == 100 == sum(k.total for k in rules.kinds)
    assert [k.domain for k in rules.kinds] == ["R", "U", "N", "A", "S"]
    assert [g.code for g in rules.grades] == ["city", "county", "township"]
    assert rules.levels("nominate") == ("township", "county") and rules.levels("review") == ("county",)
    assert rules.levels("select") == rules.levels("publish") == ("city",)
    rural = rules.kind("R")
    assert rules.min_stars(rural) == 4 and rules.min_stars(rural, "city") == 5
    assert "100个" in rules.quote and "M02" in rules.spec


@pytest.mark.parametrize("old,new,needle", [
    ("      quotas: {city: 10, county: 15, township: 15}\n", "      quotas: {city: 10, county: 15, township: 16}\n",
     "101"),
    ("      must_pass: [G-ORG-elections, G-ACT-member-meetings", "      must_pass: [G-NOWHERE, G-ACT-member-meetings",
     "G-NOWHERE"),
    ("      must_pass: [G-ORG-elections, N-SVC-posts-and-links",
     "      must_pass: [R-GUAR-venue, N-SVC-posts-and-links", "不适用"),
    ("    - {code: review, levels: [county]", "    - {code: reviewed, levels: [county]", "review"),
    ("      conditions: [not_rectification_candidate, secretary_in_post]\n      quotas: {city: 5",
     "      conditions: [rich]\n      quotas: {city: 5", "rich"),
])
def test_a_broken_section_is_refused(old, new, needle):
    assert old in SHIPPED
    with pytest.raises(PackError) as error:
        parse_pack(SHIPPED.replace(old, new, 1))
    assert needle in str(error.value)
