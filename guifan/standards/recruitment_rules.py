"""Recruiting members as a pack states it (发展党员, 中国共产党发展党员工作细则 2014; ACT-G-03, TEAM-R-04): a `rules:`
entry carrying `recruitment:` with the stages and their steps in order, each step with the checks the rules set on it
(age, periods from an earlier step, introducers and contact people, the political review's conclusion, the training,
the public notice, the branch meeting's quorum and majority, the probation and its one extension), each check with
its article and quote. guifan.recruitment applies them; nothing there knows a period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

PERIOD_KINDS = ("min_after", "max_after", "probation")


@dataclass(frozen=True)
class StepCheck:
    kind: str
    article: str
    quote: str
    params: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def __getitem__(self, key):
        return self.params[key]

    def get(self, key, default=None):
        return self.params.get(key, default)


@dataclass(frozen=True)
class Step:
    code: str
    label: dict
    stage: str
    index: int  # 0-based position in the whole procedure
    checks: tuple[StepCheck, ...]
    sensitive: bool = False
    admits: bool = False  # the applicant becomes a probationary member at this step
    makes_full: bool = False  # the probationary member becomes a full member at this step

    def checks_of(self, kind: str) -> list[StepCheck]:
        return [c for c in self.checks if c.kind == kind]


@dataclass(frozen=True)
class Stage:
    code: str
    label: dict
    steps: tuple[str, ...]


@dataclass(frozen=True)
class RecruitmentRules:
    """What guifan.recruitment needs of a pack, read once when the pack is parsed."""

    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]
    stages: tuple[Stage, ...]
    steps: MappingProxyType  # {code: Step}, in order

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(self.steps)

    def step(self, code: str) -> Step:
        return self.steps[code]

    def next_step(self, code: str | None) -> Step | None:
        """The step after `code` (the first step when None); None after the last."""
        if code is None:
            return next(iter(self.steps.values()))
        index = self.steps[code].index + 1
        return list(self.steps.values())[index] if index < len(self.steps) else None

    def stage_of(self, code: str) -> Stage:
        return next(s for s in self.stages if s.code == self.steps[code].stage)

    def deadlines(self) -> list[tuple[Step, StepCheck]]:
        """The steps with a deadline counted from an earlier step (max_after), for reminders."""
        return [(s, c) for s in self.steps.values() for c in s.checks_of("max_after")]


def label(text: dict, language: str) -> str:
    return text.get("zh" if (language or "zh").startswith("zh") else "en") or text.get("zh", "")


def compile_recruitment_rules(rules: list[dict], problem) -> RecruitmentRules | None:
    """The recruitment rules of a pack's (schema-valid) `rules:`, or None when no rule has `recruitment:`; reports a
    second recruitment rule, a repeated step, a period counted from a step that is not earlier, checks missing
    their numbers."""
    found = [i for i, rule in enumerate(rules) if "recruitment" in rule]
    if not found:
        return None
    for i in found[1:]:
        problem(["rules", i], f"rule {rules[i]['id']}: a second recruitment rule (the first is "
                              f"{rules[found[0]]['id']})（发展党员规则只能有一条）")
    index, rule = found[0], rules[found[0]]
    where = ["rules", index, "recruitment"]
    problems = 0

    def bad(location, message):
        nonlocal problems
        problems += 1
        problem(location, message)

    needs = {"min_age": ("years",), "min_after": ("step", "months"), "max_after": ("step", "months"),
             "people": ("role", "min", "max"), "training": ("days", "hours"), "notice": ("days",),
             "vote": ("present_over", "in_favour_over"), "probation": ("step", "months")}
    steps: dict[str, Step] = {}
    stages = []
    n = 0
    for i, st in enumerate(rule["recruitment"]["stages"]):
        codes = []
        for j, s in enumerate(st["steps"]):
            here = [*where, "stages", i, "steps", j]
            if s["code"] in steps:
                bad(here, f"recruitment: step {s['code']!r} is given twice（步骤 {s['code']} 重复）")
            checks = []
            for k, c in enumerate(s.get("checks") or ()):
                missing = [key for key in needs.get(c["kind"], ()) if key not in c]
                if missing:
                    bad([*here, "checks", k], f"recruitment: step {s['code']!r}: a {c['kind']} check needs "
                                              f"{', '.join(missing)}（检查缺少参数）")
                if "step" in c and c["step"] not in steps:
                    bad([*here, "checks", k], f"recruitment: step {s['code']!r}: {c['step']!r} is not an earlier "
                                              f"step（期限须从前面的步骤起算）")
                if c.get("limit_months") and c.get("months") and c["limit_months"] < c["months"]:
                    bad([*here, "checks", k], f"recruitment: step {s['code']!r}: limit_months is below months"
                                              f"（最长期限短于期限）")
                params = {key: v for key, v in c.items() if key not in ("kind", "article", "quote")}
                checks.append(StepCheck(kind=c["kind"], article=c["article"], quote=c["quote"],
                                        params=MappingProxyType(params)))
            steps[s["code"]] = Step(code=s["code"], label=s["label"], stage=st["code"], index=n,
                                    checks=tuple(checks), sensitive=s.get("sensitive", False),
                                    admits=s.get("admits", False), makes_full=s.get("makes_full", False))
            codes.append(s["code"])
            n += 1
        stages.append(Stage(code=st["code"], label=st["label"], steps=tuple(codes)))
    if problems:
        return None
    return RecruitmentRules(rule=rule["id"], source=rule["source"], quote=rule["quote"],
                            spec=tuple(rule.get("spec", ())), stages=tuple(stages), steps=MappingProxyType(steps))
