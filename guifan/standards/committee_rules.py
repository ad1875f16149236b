"""The branch committee as a pack states it (支部工作条例 2018; SPEC ACT-G-01, ORG-G-01): a `rules:` entry carrying
`committee:`.

Which organisations elect a committee (`held_by`), how many members it has (`min_members` to `max_members`, the
usual size `usual_max_members` shown only), which posts it sets (书记, 副书记, 组织委员, 宣传委员, 纪检委员 …)
and which of them one member holds at a time (`single`). guifan.members records the posts (members.Post) by these
rules; the meeting kinds with `due_when: committee` are due where a committee is recorded
(guifan/facts/computers_meetings.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# The posts the register knows (members.Post.Kind); a pack lists those its committee sets.
POSTS = ("secretary", "deputy_secretary", "organisation_committee", "propaganda_committee", "discipline_committee",
         "youth_committee", "united_front_committee", "women_committee", "committee_member")


@dataclass(frozen=True)
class CommitteePost:
    code: str
    label: dict
    single: bool


@dataclass(frozen=True)
class CommitteeRules:
    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]
    held_by: tuple[str, ...]
    min_members: int
    usual_max_members: int | None
    max_members: int
    posts: MappingProxyType  # {code: CommitteePost}, in the pack's order

    def __contains__(self, code: str) -> bool:
        return code in self.posts

    def elects(self, kind: str) -> bool:
        """Whether an organisation of `kind` elects a committee."""
        return kind in self.held_by

    def is_recorded(self, holders: int) -> bool:
        """Whether `holders` members holding its posts at once make a committee."""
        return holders >= self.min_members


def compile_committee_rules(rules: list[dict], problem) -> CommitteeRules | None:
    """The committee rules of a pack's (schema-valid) `rules:`, or None when no rule has `committee:`; reports a
    second such rule, a post given twice and sizes out of order through `problem(location, message)`."""
    found = [i for i, rule in enumerate(rules) if "committee" in rule]
    if not found:
        return None
    for i in found[1:]:
        problem(["rules", i], f"rule {rules[i]['id']}: a second committee rule (the first is "
                              f"{rules[found[0]]['id']})")
    index, rule = found[0], rules[found[0]]
    part = rule["committee"]
    where = ["rules", index, "committee"]
    posts: dict[str, CommitteePost] = {}
    for j, p in enumerate(part["posts"]):
        if p["code"] in posts:
            problem([*where, "posts", j], f"rule {rule['id']}: committee post {p['code']!r} is given twice")
            continue
        posts[p["code"]] = CommitteePost(code=p["code"], label=p["label"], single=p.get("single", False))
    low, usual, high = part["min_members"], part.get("usual_max_members"), part["max_members"]
    if low > high or (usual is not None and not low <= usual <= high):
        problem(where, f"rule {rule['id']}: committee sizes must run min_members <= usual_max_members <= "
                       f"max_members")
    return CommitteeRules(rule=rule["id"], source=rule["source"], quote=rule["quote"],
                          spec=tuple(rule.get("spec", ())), held_by=tuple(part["held_by"]), min_members=low,
                          usual_max_members=usual, max_members=high, posts=MappingProxyType(posts))
