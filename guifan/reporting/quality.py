"""Data quality of one organisation's figures: the pack's validation rules and outlier rules.

`check_report(pack, values, *, previous=None, domain=None)` returns every problem as an `Issue`: a broken validation
rule is an error (`kind="rule"`; an import is refused), an outlier is a warning (`kind="outlier"`; shown to the
approver). No limit lives here: rules, maxima and ratios are the pack's (`validation_rules`, `outlier_rules`).

Missing values follow DHIS2: SKIP_IF_ANY_VALUE_MISSING skips the rule when a fact it names is missing,
SKIP_IF_ALL_VALUES_MISSING only when all are, and otherwise (and for NEVER_SKIP) a missing number counts as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from guifan.core.languages import in_language
from guifan.standards.expressions.evaluate import value as evaluate
from guifan.standards.quality_rules import SKIP_IF_ALL, SKIP_IF_ANY
from guifan.standards.values import convert

ERROR, WARNING = "error", "warning"
RULE, OUTLIER = "rule", "outlier"
_NUMERIC = ("number", "integer", "percent")


@dataclass(frozen=True)
class Issue:
    code: str  # the rule's id
    facts: tuple[str, ...]  # the facts it reads, left side first
    message: str  # in the active language, with the values read
    severity: str  # "error" | "warning"
    kind: str  # "rule" | "outlier"


def typed_values(pack, values: dict | None) -> dict:
    """Stored JSON values as the engine's types (numbers as float, ISO dates as dates); unreadable ones missing."""
    typed = {}
    for code, raw in (values or {}).items():
        fact = pack.facts.get(code)
        if fact is None:
            continue
        try:
            typed[code] = convert(fact, raw)
        except (TypeError, ValueError):
            continue
    return typed




def _label(pack, code: str) -> str:
    return in_language(pack.facts[code].label)


def _shown(value) -> str:
    if value is None:
        return _("missing")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _holds(op: str, left, right) -> bool | None:
    if left is None or right is None:
        return None
    return {"<=": left <= right, "<": left < right, ">=": left >= right, ">": left > right,
            "==": left == right, "!=": left != right}[op]


def check_rule(pack, rule, row: dict) -> Issue | None:
    """The issue if `rule` is broken by the typed values of `row`, else None (passed or skipped)."""
    present = [code for code in rule.facts if row.get(code) is not None]
    if rule.missing == SKIP_IF_ANY and len(present) < len(rule.facts):
        return None
    if rule.missing == SKIP_IF_ALL and not present:
        return None
    filled = dict(row)
    for code in rule.facts:
        if filled.get(code) is None and pack.facts[code].type in _NUMERIC:
            filled[code] = 0.0
    if _holds(rule.operator, evaluate(rule.left, filled), evaluate(rule.right, filled)) is not False:
        return None
    read = "，".join(f"{_label(pack, code)} = {_shown(row.get(code))}" for code in rule.facts)
    return Issue(rule.id, rule.facts, f"{in_language(rule.message)}（{read}）", ERROR, RULE)


def check_outlier(pack, rule, row: dict, previous: dict) -> Issue | None:
    value = row.get(rule.fact)
    if value is None:
        return None
    label = _label(pack, rule.fact)
    if rule.max is not None and value > rule.max:
        detail = _("%(label)s is %(value)s, above %(max)s") % {"label": label, "value": _shown(value),
                                                               "max": _shown(float(rule.max))}
        return Issue(rule.id, (rule.fact,), f"{in_language(rule.message)}（{detail}）", WARNING, OUTLIER)
    before = previous.get(rule.fact)
    if before is None or before <= 0:
        return None
    ratio = value / before
    if (rule.max_ratio is not None and ratio > rule.max_ratio) or (rule.min_ratio is not None
                                                                   and ratio < rule.min_ratio):
        detail = _("%(label)s is %(value)s, last year %(before)s (%(ratio)s times)") % {
            "label": label, "value": _shown(value), "before": _shown(before), "ratio": f"{ratio:.3g}"}
        return Issue(rule.id, (rule.fact,), f"{in_language(rule.message)}（{detail}）", WARNING, OUTLIER)
    return None


def check_report(pack, values: dict, *, previous: dict | None = None, domain: str | None = None,
                 frequency: str = "yearly") -> list[Issue]:
    """Every broken validation rule (errors) and outlier (warnings) of one organisation's figures.

    `values`: {code: stored value} — pass the reported values with the derived ones ({**report.values,
    **report.derived}) so that rules on register figures are checked too. `previous`: last year's values, for the
    ratio of outlier rules. `domain`: the organisation's domain (R U N A S); rules of other domains are skipped.
    `frequency`: the report's period kind (yearly, quarterly, monthly); only rules on facts of it are checked.
    """
    row = typed_values(pack, values)
    before = typed_values(pack, previous)
    issues = []
    for rule in pack.validation_rules:
        if (domain is None or domain in rule.domains) and rule.frequency == frequency:
            issue = check_rule(pack, rule, row)
            if issue:
                issues.append(issue)
    for rule in pack.outlier_rules:
        if (domain is None or domain in rule.domains) and rule.frequency == frequency:
            issue = check_outlier(pack, rule, row, before)
            if issue:
                issues.append(issue)
    return issues
