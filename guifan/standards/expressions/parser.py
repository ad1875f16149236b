"""Parse a criterion's expression text into the typed tree of `nodes`, refusing anything not whitelisted.

Python's own `ast.parse(mode="eval")` does the tokenising; nothing is ever evaluated here. Accepted: numbers,
declared names (facts and named constants), + - * /, unary -, one comparison per operand pair, and / or / not,
calls of whitelisted functions. Refused: attributes, subscripts, ** , lambdas, comprehensions, keywords, strings
other than an enum value compared with an enum fact, deep nesting and long text.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guifan.standards.expressions import nodes as n

MAX_LENGTH = 600
MAX_DEPTH = 24
MAX_ABS_NUMBER = 1e12

_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.GtE: ">=", ast.Gt: ">", ast.LtE: "<=", ast.Lt: "<", ast.Eq: "==", ast.NotEq: "!="}
# Names a roll-up may read of each child besides its facts: the child's own assessment.
ROLLUP_RESULT_NAMES = {"stars": n.NUMBER, "score": n.NUMBER}


class ExpressionError(ValueError):
    """An expression the pack may not hold; the message says why."""


@dataclass
class NameTable:
    """What an expression may name: facts with their types (and enum values), and named constants."""

    facts: dict[str, str]
    constants: dict[str, float] = field(default_factory=dict)
    enum_values: dict[str, tuple[str, ...]] = field(default_factory=dict)


def parse_expression(text: str, table: NameTable, *, rollup: bool = False, expect: str | None = n.BOOLEAN) -> n.Node:
    """The typed tree of `text`; `rollup` allows share/count/sum/ratio and requires every fact inside one."""
    if not isinstance(text, str):
        raise ExpressionError(_("an expression must be text"))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("expression longer than %(n)d characters") % {"n": MAX_LENGTH})
    if not text.strip():
        raise ExpressionError(_("empty expression"))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
        raise ExpressionError(_("not a valid expression (%(reason)s)") % {"reason": getattr(exc, "msg", exc)}) from None
    node = _Builder(table, rollup).build(tree.body, depth=0, in_aggregate=False)
    if expect and node.type != expect:
        raise ExpressionError(_("the expression must be a %(expected)s (a comparison or yes/no fact), not a %(found)s")
                              % {"expected": _type(expect), "found": _type(node.type)})
    return node


class _Builder:
    def __init__(self, table: NameTable, rollup: bool):
        self.table = table
        self.rollup = rollup
        self.slots = 0

    def build(self, node: ast.AST, depth: int, in_aggregate: bool) -> n.Node:
        if depth > MAX_DEPTH:
            raise ExpressionError(_("expression nested deeper than %(n)d levels") % {"n": MAX_DEPTH})
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise ExpressionError(_("%(what)s is not allowed in an expression") % {"what": _describe(node)})
        return method(node, depth + 1, in_aggregate)

    def _Constant(self, node: ast.Constant, depth, in_aggregate):
        value = node.value
        if isinstance(value, bool):
            return n.Boolean(n.BOOLEAN, value)
        if isinstance(value, int | float):
            if not math.isfinite(value) or abs(value) > MAX_ABS_NUMBER:
                raise ExpressionError(_("number %(value)r is out of range (at most %(max)g)")
                                      % {"value": value, "max": MAX_ABS_NUMBER})
            return n.Number(n.NUMBER, float(value))
        if isinstance(value, str):
            return n.Text(n.TEXT, value)
        raise ExpressionError(_("constant %(value)r is not allowed") % {"value": value})

    def _Name(self, node: ast.Name, depth, in_aggregate):
        code = node.id
        if code in ("True", "False"):
            return n.Boolean(n.BOOLEAN, code == "True")
        if code in self.table.constants:
            return n.Constant(n.NUMBER, code, float(self.table.constants[code]))
        fact_type = self.table.facts.get(code)
        if fact_type is None and self.rollup and code in ROLLUP_RESULT_NAMES:
            fact_type = ROLLUP_RESULT_NAMES[code]
        if fact_type is None:
            raise ExpressionError(_("unknown name %(name)r: not a declared fact or constant") % {"name": code})
        if self.rollup and not in_aggregate:
            raise ExpressionError(_("%(name)r is read per child: use it inside share(), count(), sum() or ratio()")
                                  % {"name": code})
        return n.Name(fact_type, code)

    def _UnaryOp(self, node: ast.UnaryOp, depth, in_aggregate):
        operand = self.build(node.operand, depth, in_aggregate)
        if isinstance(node.op, ast.Not):
            _require(operand, n.BOOLEAN, "not")
            return n.Not(n.BOOLEAN, operand)
        if isinstance(node.op, ast.USub | ast.UAdd):
            _require(operand, n.NUMBER, "unary minus")
            return operand if isinstance(node.op, ast.UAdd) else n.Negate(n.NUMBER, operand)
        raise ExpressionError(_("%(what)s is not allowed") % {"what": _describe(node.op)})

    def _BinOp(self, node: ast.BinOp, depth, in_aggregate):
        op = _ARITH.get(type(node.op))
        if op is None:
            raise ExpressionError(_("operator %(op)s is not allowed (only + - * /)") % {"op": _describe(node.op)})
        left = self.build(node.left, depth, in_aggregate)
        right = self.build(node.right, depth, in_aggregate)
        _require(left, n.NUMBER, op)
        _require(right, n.NUMBER, op)
        return n.Arithmetic(n.NUMBER, op, left, right)

    def _BoolOp(self, node: ast.BoolOp, depth, in_aggregate):
        operands = tuple(self.build(v, depth, in_aggregate) for v in node.values)
        op = "and" if isinstance(node.op, ast.And) else "or"
        for operand in operands:
            _require(operand, n.BOOLEAN, op)
        return n.Logic(n.BOOLEAN, op, operands)

    def _Compare(self, node: ast.Compare, depth, in_aggregate):
        if len(node.ops) != 1:
            raise ExpressionError(_("chained comparisons (a < b < c) are not allowed: write them with 'and'"))
        op = _COMPARE.get(type(node.ops[0]))
        if op is None:
            raise ExpressionError(_("comparison %(op)s is not allowed") % {"op": _describe(node.ops[0])})
        left = self.build(node.left, depth, in_aggregate)
        right = self.build(node.comparators[0], depth, in_aggregate)
        self._check_comparable(op, left, right)
        return n.Compare(n.BOOLEAN, op, left, right)

    def _check_comparable(self, op: str, left: n.Node, right: n.Node) -> None:
        if left.type != right.type:
            raise ExpressionError(_("cannot compare a %(left)s with a %(right)s") % {"left": _type(left.type),
                                                                                    "right": _type(right.type)})
        if left.type == n.BOOLEAN and op not in ("==", "!="):
            raise ExpressionError(_("yes/no values can only be compared with == or !="))
        if left.type == n.TEXT:
            if op not in ("==", "!="):
                raise ExpressionError(_("enum values can only be compared with == or !="))
            named = [x for x in (left, right) if isinstance(x, n.Name)]
            texts = [x for x in (left, right) if isinstance(x, n.Text)]
            if len(named) != 1 or len(texts) != 1:
                raise ExpressionError(_("text is only allowed as the value an enum fact is compared with"))
            allowed = self.table.enum_values.get(named[0].code, ())
            if texts[0].value not in allowed:
                raise ExpressionError(_("%(value)r is not a value of enum fact %(name)r: %(allowed)s")
                                      % {"value": texts[0].value, "name": named[0].code, "allowed": allowed})
        if left.type == n.DATE and not (isinstance(left, n.Name) and isinstance(right, n.Name)):
            raise ExpressionError(_("dates can only be compared with other date facts"))

    def _Call(self, node: ast.Call, depth, in_aggregate):
        if not isinstance(node.func, ast.Name):
            raise ExpressionError(_("only plain function names can be called"))
        name = node.func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError(_("%(name)s(): keyword and star arguments are not allowed") % {"name": name})
        if name in n.AGGREGATE_FUNCTIONS:
            return self._aggregate(name, node, depth, in_aggregate)
        if name not in n.SCALAR_FUNCTIONS:
            allowed = ", ".join(n.SCALAR_FUNCTIONS + (n.AGGREGATE_FUNCTIONS if self.rollup else ()))
            raise ExpressionError(_("function %(name)r is not allowed (allowed: %(allowed)s)") % {"name": name,
                                                                                                    "allowed": allowed})
        args = tuple(self.build(a, depth, in_aggregate) for a in node.args)
        for arg in args:
            _require(arg, n.NUMBER, f"{name}()")
        if name in ("min", "max") and len(args) < 2:
            raise ExpressionError(_("%(name)s() needs at least two arguments") % {"name": name})
        if name in ("abs", "ceil", "floor", "round") and len(args) != 1:
            raise ExpressionError(_("%(name)s() takes exactly one argument") % {"name": name})
        return n.Call(n.NUMBER, name, args)

    def _aggregate(self, name: str, node: ast.Call, depth, in_aggregate):
        if not self.rollup:
            raise ExpressionError(_("%(name)s() is a roll-up function: only criteria judged at a region level use it")
                                  % {"name": name})
        if in_aggregate:
            raise ExpressionError(_("%(name)s() cannot be nested inside another roll-up function") % {"name": name})
        args = tuple(self.build(a, depth, True) for a in node.args)
        wanted = {"share": (n.BOOLEAN,), "sum": (n.NUMBER,), "ratio": (n.NUMBER, n.NUMBER)}.get(name)
        if name == "count":
            wanted = (n.BOOLEAN,) * len(args) if len(args) <= 1 else None
        if wanted is None or len(args) != len(wanted):
            raise ExpressionError(_("%(name)s() takes %(arity)s") % {"name": name, "arity": _arity(name)})
        for arg, kind in zip(args, wanted, strict=True):
            _require(arg, kind, f"{name}()")
        self.slots += 1
        return n.Aggregate(n.NUMBER, name, args, self.slots - 1)


def _arity(name: str) -> str:
    return {
        "share": _("one yes/no expression"), "count": _("nothing or one yes/no expression"),
        "sum": _("one number expression"), "ratio": _("two number expressions (numerator, denominator)"),
    }[name]


def _type(kind: str) -> str:
    return {n.NUMBER: _("number"), n.BOOLEAN: _("yes/no value"), n.TEXT: _("text"), n.DATE: _("date")}.get(kind, kind)


def _require(node: n.Node, kind: str, where: str) -> None:
    if node.type != kind:
        raise ExpressionError(_("%(where)s needs a %(expected)s, got a %(found)s")
                              % {"where": where, "expected": _type(kind), "found": _type(node.type)})


def _describe(node: ast.AST) -> str:
    labels = {
        "Attribute": "attribute access (a.b)", "Subscript": "subscripts (a[b])", "Pow": "** (power)",
        "Lambda": "lambda", "IfExp": "if-else expressions", "JoinedStr": "f-strings", "List": "lists",
        "Tuple": "tuples", "Dict": "dicts", "Set": "sets", "ListComp": "comprehensions",
        "GeneratorExp": "comprehensions", "NamedExpr": ":=", "Mod": "%", "FloorDiv": "//",
        "BitAnd": "&", "BitOr": "|", "BitXor": "^", "LShift": "<<", "RShift": ">>", "Invert": "~",
        "Is": "is", "IsNot": "is not", "In": "in", "NotIn": "not in", "Await": "await", "Starred": "*args",
    }
    return labels.get(type(node).__name__, type(node).__name__)
