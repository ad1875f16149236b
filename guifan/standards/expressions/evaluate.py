"""The value of an expression tree for one row of facts, in plain Python: the semantics every evaluator shares.

Arithmetic and comparisons with a missing operand are missing; division by zero and non-finite results are missing;
and / or / not follow three-valued (Kleene) logic. `guifan.assessment.engine.plain` judges criteria with it (and
`vectorised` is tested against it); data-quality rules evaluate their sides with it.
"""

from __future__ import annotations

import math

from guifan.standards.expressions import nodes as n


def value(node: n.Node, row: dict, aggregates: dict | None = None):
    """The value of `node` for one row (facts by code, None when missing); `aggregates` by slot in a roll-up."""
    kind = type(node)
    if kind is n.Name:
        return row.get(node.code)
    if kind is n.Number or kind is n.Boolean or kind is n.Text or kind is n.Constant:
        return node.value
    if kind is n.Compare:
        return _compare(node.op, value(node.left, row, aggregates), value(node.right, row, aggregates))
    if kind is n.Logic:
        return _logic(node.op, [value(x, row, aggregates) for x in node.operands])
    if kind is n.Arithmetic:
        return _arithmetic(node.op, value(node.left, row, aggregates), value(node.right, row, aggregates))
    if kind is n.Not:
        operand = value(node.operand, row, aggregates)
        return None if operand is None else not operand
    if kind is n.Negate:
        operand = value(node.operand, row, aggregates)
        return None if operand is None else -operand
    if kind is n.Call:
        return _call(node.function, [value(a, row, aggregates) for a in node.args])
    if kind is n.Aggregate:
        return aggregates[node.slot]
    if kind is n.CountTrue:
        return float(sum(1 for x in node.operands if value(x, row, aggregates) is True))
    if kind is n.AsNumber:
        operand = value(node.operand, row, aggregates)
        return None if operand is None else (1.0 if operand else 0.0)
    raise TypeError(f"unknown node {kind.__name__}")


def _compare(op, left, right):
    if left is None or right is None:
        return None
    if op == ">=":
        return left >= right
    if op == ">":
        return left > right
    if op == "<=":
        return left <= right
    if op == "<":
        return left < right
    if op == "==":
        return left == right
    return left != right


def _logic(op, values):
    decisive = op == "or"  # True decides an "or", False decides an "and"
    if any(v is decisive for v in values):
        return decisive
    if any(v is None for v in values):
        return None
    return not decisive


def _arithmetic(op, left, right):
    if left is None or right is None:
        return None
    if op == "+":
        result = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    elif right == 0:
        return None
    else:
        result = left / right
    return result if math.isfinite(result) else None


def _call(function, args):
    if any(a is None for a in args):
        return None
    if function == "min":
        return min(args)
    if function == "max":
        return max(args)
    if function == "abs":
        return abs(args[0])
    if function == "ceil":
        return float(math.ceil(args[0]))
    if function == "floor":
        return float(math.floor(args[0]))
    return float(round(args[0]))  # half to even, as Polars' default
