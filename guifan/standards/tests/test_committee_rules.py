"""The branch committee as the pack states it (committee_rules.py, issue 11): its sizes and posts read from the
pack; a post given twice, sizes out of order, a post the register does not know, and a meeting kind due by a
committee in a pack without one are refused."""

import pytest

from guifan.members.models import Post
from guifan.standards.committee_rules import POSTS
from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack

GOOD = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
DEPUTY = ("        - {code: deputy_secretary, label: {zh: 副书记, en: Deputy secretary}, single: true, "
          "quote: 必要时可以设1名副书记}\n")


def refused(text: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, "edited.yaml")
    return caught.value.problems


def edited(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def test_the_shipped_pack_states_the_branch_committee():
    rules = parse_pack(GOOD).committee
    assert (rules.min_members, rules.usual_max_members, rules.max_members) == (3, 5, 7)
    assert rules.held_by == ("branch",) and rules.elects("branch") and not rules.elects("general_branch")
    assert list(rules.posts)[:5] == ["secretary", "deputy_secretary", "organisation_committee",
                                     "propaganda_committee", "discipline_committee"]
    assert rules.posts["secretary"].single and not rules.posts["committee_member"].single
    assert "3至5人" in rules.quote and rules.spec == ("ACT-G-01", "ORG-G-01")
    assert parse_pack(GOOD).meetings["committee_meeting"].due_when == "committee"


def test_every_post_a_pack_may_list_is_a_post_of_the_register():
    assert set(POSTS) <= set(Post.Kind.values)


def test_a_post_twice_sizes_out_of_order_and_an_unknown_post_are_refused():
    [problem] = refused(edited(DEPUTY, DEPUTY + DEPUTY))
    assert "committee post 'deputy_secretary' is given twice" in problem
    [problem] = refused(edited("      max_members: 7\n", "      max_members: 4\n"))
    assert "min_members <= usual_max_members <= max_members" in problem
    [problem] = refused(edited("{code: deputy_secretary,", "{code: treasurer,"))
    assert "treasurer" in problem


def test_due_when_committee_needs_a_committee_rule():
    start = GOOD.index("    committee:\n      held_by: [branch]")
    end = GOOD.index("  - id: democratic-appraisal")
    problems = refused(GOOD[:start] + GOOD[end:])
    assert any("due_when: committee needs a rule with `committee:`" in p for p in problems)
