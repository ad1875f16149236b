"""A member's status and its process as a pack states them (TEAM-R-02, ACT-G-04): a `rules:` entry carrying
`member_status:`.

The changes a branch may record (转正, 延长预备期, 取消预备党员资格, 外出流动, 失联, 口袋党员, 不合格, 处置, 出党,
去世 …), each with the statuses it may start from, the status and category it sets and what its details must hold; the
probation period and its one extension (党章第七条); the lost-contact threshold (党员教育管理工作条例第三十五条); the
validity of a transfer letter (overdue after it); the disposals of an unqualified member. guifan.members applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

STATUSES = ("normal", "flowing", "lost_contact", "pocket", "unqualified", "left", "deceased")
CATEGORIES = ("full", "probationary")
NEEDS = ("destination", "since", "appraisal", "disposal")


@dataclass(frozen=True)
class StatusChangeKind:
    code: str
    label: dict
    from_statuses: tuple[str, ...]
    to_status: str | None  # None: the status stays
    probationary: bool  # only for probationary members
    category: str | None  # the category it sets
    needs: tuple[str, ...]

    def target(self, current: str) -> str:
        return self.to_status or current


@dataclass(frozen=True)
class Disposal:
    code: str
    label: dict
    to_status: str | None


@dataclass(frozen=True)
class MemberStatusRules:
    """What guifan.members needs of a pack, read once when the pack is parsed."""

    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]
    probation_months: int
    extensions: int
    extension_min_months: int
    extension_max_months: int
    lost_contact_months: int
    lost_contact_quote: str
    transfer_valid_days: int
    transfer_quote: str
    flowing_quote: str
    disposals_quote: str
    changes: MappingProxyType  # {code: StatusChangeKind}, in the pack's order
    disposals: MappingProxyType  # {code: Disposal}

    def allowed_from(self, status: str, category: str) -> list[StatusChangeKind]:
        """The changes a member of this status and category may have recorded next."""
        return [c for c in self.changes.values()
                if status in c.from_statuses and (not c.probationary or category == "probationary")]


def compile_member_status_rules(rules: list[dict], problem, sources=()) -> MemberStatusRules | None:
    """The member-status rules of a pack's (schema-valid) `rules:`, or None when no rule has `member_status:`;
    reports a second such rule, a repeated change or disposal code, a status not known to the register."""
    found = [i for i, rule in enumerate(rules) if "member_status" in rule]
    if not found:
        return None
    for i in found[1:]:
        problem(["rules", i], f"rule {rules[i]['id']}: a second member-status rule (the first is "
                              f"{rules[found[0]]['id']})（党员状态规则只能有一条）")
    index, rule = found[0], rules[found[0]]
    part = rule["member_status"]
    where = ["rules", index, "member_status"]
    problems = []

    def bad(location, message):
        problems.append(message)
        problem(location, message)

    changes: dict[str, StatusChangeKind] = {}
    for j, c in enumerate(part["changes"]):
        here = [*where, "changes", j]
        if c["code"] in changes:
            bad(here, f"member_status: change {c['code']!r} is given twice（状态变更 {c['code']} 重复）")
        unknown = [s for s in [*c["from"], c.get("to")] if s is not None and s not in STATUSES]
        if unknown:
            bad(here, f"member_status: change {c['code']!r}: unknown status {', '.join(unknown)}（未知党员状态）")
        changes[c["code"]] = StatusChangeKind(
            code=c["code"], label=c["label"], from_statuses=tuple(c["from"]), to_status=c.get("to"),
            probationary=c.get("probationary", False), category=c.get("category"), needs=tuple(c.get("needs", ())))
    disposals: dict[str, Disposal] = {}
    for j, k in enumerate(part["disposals"]["kinds"]):
        if k["code"] in disposals:
            bad([*where, "disposals", "kinds", j], f"member_status: disposal {k['code']!r} is given twice"
                                                   f"（处置方式 {k['code']} 重复）")
        disposals[k["code"]] = Disposal(code=k["code"], label=k["label"], to_status=k.get("to"))
    for section in ("lost_contact", "transfer", "flowing", "disposals"):
        if sources and part[section]["source"] not in sources:
            bad([*where, section], f"member_status: {section}: unknown source {part[section]['source']!r}"
                                   f"（未知依据 {part[section]['source']}）")
    probation = part["probation"]
    if probation["extension_min_months"] > probation["extension_max_months"]:
        bad([*where, "probation"], "member_status: the shortest extension is longer than the longest"
                                   "（延长预备期下限高于上限）")
    if problems:
        return None
    return MemberStatusRules(
        rule=rule["id"], source=rule["source"], quote=rule["quote"], spec=tuple(rule.get("spec", ())),
        probation_months=probation["months"], extensions=probation["extensions"],
        extension_min_months=probation["extension_min_months"],
        extension_max_months=probation["extension_max_months"],
        lost_contact_months=part["lost_contact"]["months"], lost_contact_quote=part["lost_contact"]["quote"],
        transfer_valid_days=part["transfer"]["valid_days"], transfer_quote=part["transfer"]["quote"],
        flowing_quote=part["flowing"]["quote"], disposals_quote=part["disposals"]["quote"],
        changes=MappingProxyType(changes), disposals=MappingProxyType(disposals),
    )
