"""The training rules as a pack states them (SPEC M05, M09; TEAM-R-05/06, TEAM-U-03/04, TEAM-S-04, TEAM-N-03).

A `rules:` entry carries `training:` with one of
- `hours`: a requirement: who (`audiences`), in which domains, must reach how many hours a year (`min_hours`),
  counting only completions of courses of some modes (`modes`; every mode when absent). Its `code` names it in
  the facts computed from the training records (`derived_from: {source: training, computer: least_training_hours,
  params: {requirements: [rural_member]}}`) and adds the constant `CODE_min_hours`, usable in checks;
- `exam`: an exam scheme (统训统考 of rural party-affairs staff, the rotating exams of organisation committee members):
  the pass mark as a share of the paper's total (`pass_percent`) and the retakes allowed after a failed first
  attempt (`retakes`); `replace_on_failure` marks the scheme whose failures (after every retake) flag the post
  holder for replacement (M05).

Every entry cites its source, SPEC ids and quote as any rule. The training app, the facts computers and the
criteria read the thresholds from here, never from code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

HOURS, EXAM = "hours", "exam"
# Who a requirement is about: the organisation's own secretary, the secretaries of it and its sub-organisations,
# the holders of a post (members.Post) in its subtree, or every member of its subtree.
AUDIENCES = ("secretary", "secretaries", "deputy_secretary", "organisation_committee", "party_worker", "organiser",
             "member")
MODES = ("rotation", "online", "on_site")
TRAINING_COMPUTERS = ("least_training_hours", "trained_share")


@dataclass(frozen=True)
class Cited:
    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]


@dataclass(frozen=True)
class HoursRequirement:
    code: str
    audiences: tuple[str, ...]
    domains: tuple[str, ...]
    min_hours: float
    modes: tuple[str, ...]  # the course modes whose hours count
    cited: Cited
    label: dict

    def counts(self, mode: str) -> bool:
        return mode in self.modes


@dataclass(frozen=True)
class ExamScheme:
    code: str
    pass_percent: float
    retakes: int
    replace_on_failure: bool
    cited: Cited
    label: dict

    @property
    def attempts(self) -> int:
        """Sittings allowed in all: the first and the retakes."""
        return 1 + self.retakes

    def pass_mark(self, total: int) -> int:
        """The pass mark of a paper of `total` marks (rounded up: 60% of 75 is 45, of 77 is 47)."""
        return math.ceil(total * self.pass_percent / 100 - 1e-9)


@dataclass(frozen=True)
class TrainingRules:
    requirements: MappingProxyType  # {code: HoursRequirement}
    exams: MappingProxyType  # {code: ExamScheme}

    def requirement(self, code: str) -> HoursRequirement:
        return self.requirements[code]

    def exam(self, code: str) -> ExamScheme:
        return self.exams[code]

    def for_domain(self, codes, domain: str) -> HoursRequirement | None:
        """The first of these requirements that applies in `domain`."""
        return next((self.requirements[c] for c in codes if domain in self.requirements[c].domains), None)

    @property
    def audiences(self) -> tuple[str, ...]:
        """The audiences the pack's requirements name (a course's audience is one of them, or empty)."""
        found = {a for r in self.requirements.values() for a in r.audiences}
        return tuple(a for a in AUDIENCES if a in found)

    @property
    def replacement_schemes(self) -> tuple[str, ...]:
        return tuple(code for code, e in self.exams.items() if e.replace_on_failure)


EMPTY = TrainingRules(requirements=MappingProxyType({}), exams=MappingProxyType({}))


def _cited(rule: dict, part: dict) -> Cited:
    return Cited(rule=rule["id"], source=rule["source"], quote=part.get("quote", rule["quote"]),
                 spec=tuple(part.get("spec", rule.get("spec", ()))))


def training_constants(rule: dict) -> dict[str, float]:
    """The names a rule's training part adds to the pack's constants: `CODE_min_hours` of an hours requirement."""
    hours = (rule.get("training") or {}).get(HOURS)
    return {f"{hours['code']}_min_hours": hours["min_hours"]} if hours else {}


def compile_training_rules(rules: list[dict], facts: dict, problem) -> TrainingRules:
    """The training rules of a pack's (schema-valid) `rules:`; reports through `problem(location, message)` a
    repeated code and a training fact naming an unknown requirement or one outside the fact's domains."""
    requirements, exams, where = {}, {}, {}
    for i, rule in enumerate(rules):
        training = rule.get("training") or {}
        if HOURS in training:
            part = training[HOURS]
            if part["code"] in where:
                problem(["rules", i], f"rule {rule['id']}: training code {part['code']!r} is already used by rule "
                                      f"{where[part['code']]}")
            where[part["code"]] = rule["id"]
            requirements[part["code"]] = HoursRequirement(
                code=part["code"], audiences=tuple(part["audiences"]), domains=tuple(part["domains"]),
                min_hours=float(part["min_hours"]), modes=tuple(part.get("modes", MODES)), cited=_cited(rule, part),
                label=rule["title"])
        if EXAM in training:
            part = training[EXAM]
            if part["code"] in where:
                problem(["rules", i], f"rule {rule['id']}: training code {part['code']!r} is already used by rule "
                                      f"{where[part['code']]}")
            where[part["code"]] = rule["id"]
            exams[part["code"]] = ExamScheme(
                code=part["code"], pass_percent=float(part["pass_percent"]), retakes=int(part.get("retakes", 0)),
                replace_on_failure=bool(part.get("replace_on_failure", False)), cited=_cited(rule, part),
                label=rule["title"])
    for i, (code, fact) in enumerate(facts.items()):
        derived = fact.derived_from or {}
        if derived.get("computer") not in TRAINING_COMPUTERS:
            continue
        for name in (derived.get("params") or {}).get("requirements", ()):
            requirement = requirements.get(name)
            if requirement is None:
                problem(["facts", i], f"fact {code}: no `training: hours` rule has the code {name!r}")
            elif not set(requirement.domains) & set(fact.domains):
                problem(["facts", i], f"fact {code}: requirement {name!r} applies in none of the fact's domains")
    return TrainingRules(requirements=MappingProxyType(requirements), exams=MappingProxyType(exams))
