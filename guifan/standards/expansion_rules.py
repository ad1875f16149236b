"""The expansion list (扩面, SPEC M01, ORG-G-01) as a pack states it: `expansion:`.

The plan's 扩面 action: "在所有应建未建党组织的各类基层组织中筹建党组织。对所有党员人数与党组织设置不相称的党组织进行
集中调整". The section names the gaps the list finds, each with its days (a township's task deadline), label,
quote and SPEC ids:

* `uncovered_unit`: an open host unit a register coverage rule (`coverage:` codes of `rules: … register: coverage`)
  requires to have an organisation and that has none: the 100 staff of an enterprise, the 30 of a social
  organisation, every villager group… are the coverage rules' own figures;
* `unit_with_full_members`: a unit of the `hosts:` kinds where the set-up rule's `branch.min_full_members` (3) or more
  full members work (Member.work_unit) and no organisation sits (joint coverage is not 单独建立);
* `kind_mismatch`: an organisation whose kind does not match its members by the set-up rule (a branch of more than
  50 members, a committee of fewer than 100…).

No threshold is repeated here: change a register rule and the list follows. guifan.expansion applies the rules;
nothing there knows a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from guifan.core.vocabulary import REGION_LEVELS, RegionLevel

UNCOVERED_UNIT, UNIT_WITH_FULL_MEMBERS, KIND_MISMATCH = "uncovered_unit", "unit_with_full_members", "kind_mismatch"
GAP_CODES = (UNCOVERED_UNIT, UNIT_WITH_FULL_MEMBERS, KIND_MISMATCH)


@dataclass(frozen=True)
class Gap:
    code: str
    label: dict
    days: int
    spec: tuple[str, ...]
    quote: str
    coverage: tuple[str, ...] = ()  # uncovered_unit: the register coverage codes it lists
    hosts: tuple[str, ...] = ()  # unit_with_full_members: the host-unit kinds it looks at


@dataclass(frozen=True)
class ExpansionRules:
    source: str
    spec: tuple[str, ...]
    quote: str
    assigned_to: str  # a region level: the level a task is given to
    gaps: tuple[Gap, ...]

    def gap(self, code: str) -> Gap | None:
        return next((g for g in self.gaps if g.code == code), None)


def compile_expansion_rules(data: dict, register, sources: dict, problem) -> ExpansionRules | None:
    """The rules of a pack's (schema-valid) `expansion:`, None when absent; reports through `problem(location,
    message)` an unknown source or region level, a gap given twice, a coverage code no register rule defines, an
    uncovered_unit gap without coverage codes or an unit_with_full_members gap without hosts; then returns None."""
    d = data.get("expansion")
    if d is None:
        return None
    where, problems = ["expansion"], []

    def bad(location, message):
        problems.append(message)
        problem(location, message)

    if d["source"] not in sources:
        bad([*where, "source"], f"expansion: unknown source {d['source']!r}（扩面的依据文件未定义）")
    level = d.get("assigned_to", RegionLevel.TOWNSHIP)
    if level not in REGION_LEVELS:
        bad([*where, "assigned_to"], f"expansion.assigned_to must be one of {', '.join(REGION_LEVELS)}"
                                     f"（扩面任务的责任层级须为市、县或乡镇）")
    known = {c.code for c in register.coverage} if register is not None else set()
    gaps: list[Gap] = []
    for i, g in enumerate(d["gaps"]):
        here = [*where, "gaps", i]
        if any(x.code == g["code"] for x in gaps):
            bad(here, f"expansion gap {g['code']} is given twice（扩面情形 {g['code']} 重复）")
        coverage, hosts = tuple(g.get("coverage", ())), tuple(g.get("hosts", ()))
        if g["code"] == UNCOVERED_UNIT and not coverage:
            bad(here, "expansion gap uncovered_unit: list the register coverage codes（须列明覆盖规则）")
        if g["code"] == UNIT_WITH_FULL_MEMBERS and not hosts:
            bad(here, "expansion gap unit_with_full_members: list the host kinds（须列明单位类别）")
        unknown = [c for c in coverage if c not in known]
        if register is not None and unknown:
            bad(here, f"expansion gap {g['code']}: no register coverage rule has code {', '.join(unknown)}"
                      f"（覆盖规则 {', '.join(unknown)} 未定义）")
        gaps.append(Gap(code=g["code"], label=g["label"], days=g["days"], spec=tuple(g["spec"]), quote=g["quote"],
                        coverage=coverage, hosts=hosts))
    if problems:
        return None
    return ExpansionRules(source=d["source"], spec=tuple(d["spec"]), quote=d["quote"], assigned_to=level,
                          gaps=tuple(gaps))
