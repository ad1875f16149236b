"""Plausible reported figures for the sample city (`guifan seed_facts`): every reported fact of the pack, for every
active organisation, per its domain; deterministic; with failures on purpose and figures on, just above and just
below the thresholds the pack's criteria compare them with. Distribution parameters: data/sample-figures.yaml.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from pathlib import Path

import yaml

from guifan.assessment.engine.plain import value as evaluate
from guifan.core.vocabulary import DOMAINS
from guifan.facts.actions import to_json
from guifan.reporting.quality import check_rule, typed_values
from guifan.standards.expressions import nodes as n
from guifan.standards.expressions.evaluate import value as evaluate_rule

PARAMS_FILE = Path(__file__).parent / "data" / "sample-figures.yaml"
PASS_SIDE = {">=": 1, ">": 1, "<=": -1, "<": -1}


@cache
def params() -> dict:
    return yaml.safe_load(PARAMS_FILE.read_text(encoding="utf-8"))


def thresholds(pack) -> dict[tuple[str, str], tuple[str, n.Node]]:
    """{(fact, domain): (op, right side)} of organisation-level checks `fact op expression` (checklist items too)."""
    found: dict[tuple[str, str], tuple[str, n.Node]] = {}

    def add(node, domains):
        nodes = node.operands if isinstance(node, n.Logic) and node.op == "and" else (node,)
        for part in nodes:
            if isinstance(part, n.Compare) and isinstance(part.left, n.Name) and part.op in PASS_SIDE:
                for domain in domains:
                    found.setdefault((part.left.code, domain), (part.op, part.right))

    for c in pack.organisation_criteria:
        add(c.check, c.applies.domains or DOMAINS)
    for checklist in pack.checklists.values():
        for node in checklist["nodes"]:
            add(node, DOMAINS)
    return found


def checklist_facts(pack) -> set[str]:
    return {item["fact"] for c in pack.checklists.values() for item in c["items"] if "fact" in item}


class Sampler:
    def __init__(self, pack, seed: int = 1):
        self.pack, self.seed, self.p = pack, seed, params()
        self.thresholds = thresholds(pack)
        self.checklist = checklist_facts(pack)
        self.reported = [f for f in pack.facts.values() if not f.derived_from]
        self.year = int(str(pack.effective["from"])[:4])
        self.rules = {d: [r for r in pack.validation_rules if d in r.domains and r.frequency == "yearly"]
                      for d in DOMAINS}

    def values(self, org_code: str, domain: str, year: int, context: dict) -> dict:
        """Reported values of one organisation for `year`: the pack's year placed on thresholds, others drifted."""
        rng = random.Random(f"guifan-facts:{self.seed}:{org_code}")
        facts = [f for f in self.reported if domain in f.domains]
        row = dict(context)
        pending = []
        for fact in facts:
            rule = self.thresholds.get((fact.code, domain))
            if rule and n.names(rule[1]) & {f.code for f in facts}:
                pending.append(fact)  # its threshold reads other reported facts: after them
            else:
                row[fact.code] = self._value(rng, fact, rule, row)
        for fact in pending:
            row[fact.code] = self._value(rng, fact, self.thresholds.get((fact.code, domain)), row)
        out = {f.code: row[f.code] for f in facts}
        if year != self.year:
            out = self._drift(out, random.Random(f"guifan-facts:{self.seed}:{org_code}:{year}"), self.year - year)
        missing = self.p["missing_share"]
        values = {code: to_json(self.pack.facts[code], v) for code, v in out.items()
                  if v is not None and rng.random() >= missing}
        return self.obey_rules(domain, values, context)

    def obey_rules(self, domain: str, values: dict, context: dict) -> dict:
        """`values` changed (in place) until no validation rule of the pack is broken: the reported side of a broken
        rule is moved onto its bound (a missing figure counts as 0, as the rule reads it)."""
        for rule in self.rules.get(domain, ()):
            row = typed_values(self.pack, {**context, **values})
            if check_rule(self.pack, rule, row) is None:
                continue
            for code, v in self._repair(rule, row).items():
                values[code] = to_json(self.pack.facts[code], v)
        return values

    def _repair(self, rule, row: dict) -> dict:
        filled = {**row, **{c: 0.0 for c in rule.facts if row.get(c) is None}}
        reported = [c for c in rule.facts if not self.pack.facts[c].derived_from]
        if isinstance(rule.left, n.Name) and rule.left.code in reported:
            bound = float(evaluate_rule(rule.right, filled) or 0.0)
            step = 1.0 if self.pack.facts[rule.left.code].type == "integer" else 0.5
            target = {"<=": bound, ">=": bound, "==": bound, "<": bound - step, ">": bound + step}[rule.operator]
            return {rule.left.code: self._shape(self.pack.facts[rule.left.code], max(0.0, target), exact=True)}
        if isinstance(rule.right, n.Name) and rule.right.code in reported:
            return {rule.right.code: filled.get(rule.left.code) if isinstance(rule.left, n.Name)
                    else evaluate_rule(rule.left, filled)}
        names = sorted(c for c in n.names(rule.left) if c in reported)  # an expression on the left (a sum > 0)
        if names:
            low = (self.p["ranges"].get(names[0]) or self.p["default_ranges"]["number"])[0]
            return {names[0]: max(float(low), 1.0)}
        return {}

    def _value(self, rng, fact, rule, row):
        if fact.type == "boolean":
            share = self.p["checklist_true_share"] if fact.code in self.checklist else self.p["boolean_true_share"]
            return rng.random() < share
        if fact.type == "enum":
            return rng.choice(fact.values)
        if fact.type == "date":
            return dt.date(self.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        threshold = evaluate(rule[1], row) if rule else None
        if threshold is None:
            low, high = self.p["ranges"].get(fact.code) or self.p["default_ranges"][fact.type]
            return self._shape(fact, rng.uniform(low, high))
        return self._shape(fact, self._place(rng, fact, rule[0], float(threshold)), exact=True)

    def _place(self, rng, fact, op, t):
        side = PASS_SIDE[op]
        step = 1.0 if fact.type == "integer" or abs(t) >= 10 else 0.5
        p, r = self.p["placement"], rng.random()
        if r < p["comfortable_pass"]:
            margin = rng.uniform(*self.p["relative_margin"])
            return t + side * max(abs(t) * margin, step) if side > 0 else max(0.0, t * (1 - margin))
        r -= p["comfortable_pass"]
        if r < p["at_threshold"]:
            return t
        r -= p["at_threshold"]
        if r < p["just_passing"]:
            return max(0.0, t + side * step)
        r -= p["just_passing"]
        if r < p["just_failing"]:
            return max(0.0, t - side * step)
        ratio = rng.uniform(*self.p["failing_ratio"])
        return t * ratio if side > 0 else t / ratio + step

    @staticmethod
    def _shape(fact, v, exact=False):
        if fact.type == "percent":
            v = min(100.0, max(0.0, v))
        if fact.type == "integer":
            return float(round(v))
        return v if exact else round(v, 1)

    def _drift(self, values: dict, rng, steps: int) -> dict:
        """Values `steps` years earlier (steps > 0) or later (steps < 0) than the pack's year."""
        drift = self.p["year_on_year"]
        out = dict(values)
        for _ in range(abs(steps)):
            for code, v in out.items():
                fact = self.pack.facts[code]
                if isinstance(v, bool):
                    if rng.random() < drift["boolean_worse_share"]:
                        out[code] = False if steps > 0 else True
                elif fact.type in ("number", "integer", "percent") and v is not None:
                    growth = 1 + rng.uniform(*drift["growth"])
                    shifted = v / growth if steps > 0 else v * growth
                    out[code] = self._shape(fact, shifted)
        return out


def split_over_periods(fact, value, periods: int, rng: random.Random) -> list:
    """A year's value as `periods` quarterly or monthly values whose `aggregate` gives it back: a sum is spread
    (whole numbers stay whole), any other aggregate repeats the value."""
    if periods <= 0:
        return []
    if fact.aggregate != "sum" or isinstance(value, bool):
        return [value] * periods
    if fact.type == "integer":
        parts = [int(value) // periods] * periods
        for i in rng.sample(range(periods), int(value) % periods):
            parts[i] += 1
        return parts
    return [round(value / periods, 2)] * (periods - 1) + [round(value - round(value / periods, 2) * (periods - 1), 2)]


def region_figure_values(seed: int, codes_by_level: dict[str, list[str]], year: int, pack_year: int):
    """(region code, fact code, value, source) of the published figures of `year` (the range is the pack's year)."""
    out = []
    for code, spec in params()["region_figures"].items():
        for region_code in codes_by_level.get(spec["level"], ()):
            rng = random.Random(f"guifan-region:{seed}:{region_code}:{code}")
            base = rng.uniform(*spec["range"])
            growth = 1 + rng.uniform(*spec.get("growth", params()["year_on_year"]["growth"]))
            out.append((region_code, code, round(base * growth ** (year - pack_year)), spec["source"]))
    return out
