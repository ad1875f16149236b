"""A criterion's verdict in words for the check-up report (体检报告): what was found, the standard, the gap, each
number rounded as its unit is counted (hours to one decimal, yuan to the yuan, rates as percentages).

The units are the pack's (`unit:` of each fact); the unit of a criterion's actual value is found from its check: the
unit of the fact it compares, a share when it divides two figures of the same unit, a count of items for a checklist,
yes or no for a yes/no check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from guifan.standards.expressions import nodes as n

SHARE = "share"  # a ratio of two figures of the same unit: shown as a percentage
ITEMS = "items"  # items of a checklist present
YES_NO = "yes/no"

# Decimals shown per unit; a unit not listed shows whole numbers when the value is whole, else one decimal.
DECIMALS = {"学时": 1, "小时": 1, "元": 0, "元/年": 0, "%": 1, "m²": 1, "㎡": 1, SHARE: 1}


def unit_of(pack, node: n.Node) -> str:
    """The unit of an expression's value ('' when it has none or it cannot be told)."""
    if isinstance(node, n.Name):
        fact = pack.facts.get(node.code)
        return fact.unit if fact is not None else ""
    if isinstance(node, n.CountTrue):
        return ITEMS
    if isinstance(node, n.AsNumber):
        return YES_NO
    if isinstance(node, n.Negate):
        return unit_of(pack, node.operand)
    if isinstance(node, n.Call) and node.args:
        return next((u for u in (unit_of(pack, a) for a in node.args) if u), "")
    if isinstance(node, n.Arithmetic):
        left, right = unit_of(pack, node.left), unit_of(pack, node.right)
        if node.op == "/" and left and left == right:
            return SHARE
        if node.op in ("*", "/") and left and right:
            return ""  # a product or quotient of two measures: no unit of its own
        return left or right
    return ""


def number(value: float | None, unit: str) -> str:
    """`value` as the report shows it, with its unit: 61.2 学时, 115,191 元, 85.0%, 是/否."""
    if value is None:
        return _("not reported")
    if unit == YES_NO:
        return _("yes") if value >= 1 else _("no")
    if unit == SHARE:
        return f"{value * 100:.{DECIMALS[SHARE]}f}%"
    if unit == ITEMS:
        return _("%(n)s items") % {"n": _plain(value, 0)}
    decimals = DECIMALS.get(unit)
    text = _plain(value, decimals)
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def _plain(value: float, decimals: int | None) -> str:
    """Rounded to `decimals` (a whole value stays whole: 56 学时, not 56.0)."""
    if decimals is None or float(value).is_integer():
        decimals = 0 if float(value).is_integer() else 1
    return f"{value:,.{decimals}f}"


def _comparison(op: str) -> str:
    return {">=": _("at least %(value)s"), ">": _("more than %(value)s"), "<=": _("at most %(value)s"),
            "<": _("less than %(value)s"), "==": _("exactly %(value)s"), "!=": _("other than %(value)s")}[op]


@dataclass
class Wording:
    """The report's words for one criterion of one organisation."""

    found: list[str]  # "党建工作经费：12,000 元", one per figure read
    standard: str  # "至少 15,000 元" / "应为：是"
    actual: str
    gap: str  # "" when there is none to show


def word(pack, line, lang: str) -> Wording:
    """What the check-up report says of `line` (a CriterionLine: criterion, verdict, actual, threshold, gap, facts
    as read again today)."""
    criterion = line.criterion
    unit = unit_of(pack, criterion.actual)
    found = []
    for code, value in sorted((line.facts or {}).items()):
        fact = pack.facts.get(code)
        if fact is None:
            continue
        label = fact.label["zh" if lang == "zh" else "en"]
        shown = _fact_value(value, fact)
        found.append(f"{label}：{shown}" if lang == "zh" else f"{label}: {shown}")
    check = criterion.check
    if unit == YES_NO:
        standard = _("yes")
    elif unit == ITEMS:
        standard = _("all %(n)s items") % {"n": _plain(line.threshold or 0, 0)} if line.threshold else ""
    elif isinstance(check, n.Compare) and line.threshold is not None:
        standard = _comparison(check.op) % {"value": number(line.threshold, unit)}
    else:
        standard = number(line.threshold, unit) if line.threshold is not None else ""
    gap = ""
    if line.verdict == "fail" and line.gap is not None and unit not in (YES_NO,):
        gap = number(line.gap, ITEMS if unit == ITEMS else unit)
    return Wording(found=found, standard=standard, actual=number(line.actual, unit) if line.actual is not None
                   else (_("not reported") if line.verdict == "not_reported" else "—"), gap=gap)


def _fact_value(value, fact) -> str:
    if value is None:
        return _("not reported")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number(float(value), fact.unit)
    return str(value)
