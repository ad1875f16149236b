"""The pack's data-quality rules, compiled: validation rules (DHIS2's left side, operator, right side, missing-value
strategy, importance) and outlier rules (an absolute maximum, a ratio to last year's value).

`guifan.reporting.quality.check_report` evaluates them on one organisation's figures; the pack loader calls
`compile_quality_rules` so that a rule naming an unknown fact or comparing a number with a date is refused with its
line, like a criterion.
"""

from __future__ import annotations

from dataclasses import dataclass

from guifan.core.vocabulary import DOMAINS as ALL_DOMAINS
from guifan.standards.expressions import nodes as n
from guifan.standards.expressions.parser import ExpressionError, NameTable, parse_expression

SKIP_IF_ANY = "SKIP_IF_ANY_VALUE_MISSING"
SKIP_IF_ALL = "SKIP_IF_ALL_VALUES_MISSING"
NEVER_SKIP = "NEVER_SKIP"


@dataclass(frozen=True)
class ValidationRule:
    id: str
    left: n.Node
    operator: str
    right: n.Node
    missing: str
    importance: str
    domains: tuple[str, ...]
    message: dict
    facts: tuple[str, ...]  # the facts either side names, in order of appearance
    text: str  # "left operator right" as written
    line: int = 0
    frequency: str = "yearly"  # the reports it is checked on: those of its facts' frequency


@dataclass(frozen=True)
class OutlierRule:
    id: str
    fact: str
    max: float | None
    max_ratio: float | None
    min_ratio: float | None
    domains: tuple[str, ...]
    message: dict
    line: int = 0
    frequency: str = "yearly"


def _ordered_names(*nodes: n.Node) -> list[str]:
    found: list[str] = []
    for node in nodes:
        for code in sorted(n.names(node)):
            if code not in found:
                found.append(code)
    return found


def compile_quality_rules(data: dict, table: NameTable, facts: dict, problem, line_of) -> tuple[list, list]:
    """(validation rules, outlier rules) of the pack's data; every problem goes to `problem(location, message)`."""
    seen: set[str] = set()
    validation, outliers = [], []
    for i, rule in enumerate(data.get("validation_rules", [])):
        where = ["validation_rules", i]
        compiled = _validation_rule(rule, where, table, facts, problem)
        if compiled is not None:
            validation.append(ValidationRule(**compiled, line=line_of(data, where)))
        _unique(rule["id"], seen, where, problem)
    for i, rule in enumerate(data.get("outlier_rules", [])):
        where = ["outlier_rules", i]
        compiled = _outlier_rule(rule, where, facts, problem)
        if compiled is not None:
            outliers.append(OutlierRule(**compiled, line=line_of(data, where)))
        _unique(rule["id"], seen, where, problem)
    return validation, outliers


def _unique(rule_id: str, seen: set, where, problem) -> None:
    if rule_id in seen:
        problem(where, f"quality rules: duplicate id {rule_id!r}")
    seen.add(rule_id)


def _validation_rule(rule: dict, where, table, facts, problem) -> dict | None:
    name = f"validation rule {rule['id']}"
    text = f"{rule['left']} {rule['operator']} {rule['right']}"
    try:
        check = parse_expression(f"({rule['left']}) {rule['operator']} ({rule['right']})", table)
    except ExpressionError as exc:
        problem(where, f"{name}: {exc}")
        return None
    if not isinstance(check, n.Compare):
        problem(where, f"{name}: each side must be a single value, not a comparison")
        return None
    codes = _ordered_names(check.left, check.right)
    if not codes:
        problem(where, f"{name}: names no fact")
        return None
    domains = _domains(rule, where, name, codes, facts, problem)
    return dict(id=rule["id"], left=check.left, operator=check.op, right=check.right,
                missing=rule.get("missing", SKIP_IF_ANY), importance=rule.get("importance", "medium"),
                domains=domains, message=rule["message"], facts=tuple(codes), text=text,
                frequency=_frequency(codes, where, name, facts, problem))


def _outlier_rule(rule: dict, where, facts, problem) -> dict | None:
    name = f"outlier rule {rule['id']}"
    fact = facts.get(rule["fact"])
    if fact is None:
        problem(where, f"{name}: unknown fact {rule['fact']!r}")
        return None
    if fact.type not in ("number", "integer", "percent"):
        problem(where, f"{name}: fact {fact.code!r} is not a number")
        return None
    domains = _domains(rule, where, name, [fact.code], facts, problem)
    return dict(id=rule["id"], fact=fact.code, max=rule.get("max"), max_ratio=rule.get("max_ratio"),
                min_ratio=rule.get("min_ratio"), domains=domains, message=rule["message"], frequency=fact.frequency)


def _frequency(codes, where, name, facts, problem) -> str:
    """The one frequency of a rule's facts (derived facts are yearly): a rule is checked on one report."""
    found = sorted({facts[code].frequency for code in codes if code in facts})
    if len(found) > 1:
        problem(where, f"{name}: its facts are reported at different frequencies ({', '.join(found)})")
    return found[0] if found else "yearly"


def _domains(rule, where, name, codes, facts, problem) -> tuple[str, ...]:
    """The rule's domains: as written (each fact must be reported there), or where all its facts are."""
    if "domains" in rule:
        for code in codes:
            missing = [d for d in rule["domains"] if d not in facts[code].domains]
            if missing:
                problem(where, f"{name}: fact {code!r} is not reported in domain(s) {', '.join(missing)}")
        return tuple(rule["domains"])
    shared = [d for d in ALL_DOMAINS if all(d in facts[code].domains for code in codes)]
    if not shared:
        problem(where, f"{name}: its facts share no domain")
    return tuple(shared)
