"""The small typed tree that a criterion's expression is parsed into.

One tree, two compilers: `guifan.assessment.engine.vectorised` turns it into Polars expressions over all
organisations at once, `guifan.assessment.engine.plain` evaluates it for one organisation and explains it.
Every node carries its value type: "number", "boolean", "text" (enum values) or "date".
"""

from __future__ import annotations

from dataclasses import dataclass

NUMBER, BOOLEAN, TEXT, DATE = "number", "boolean", "text", "date"

ARITHMETIC_OPS = ("+", "-", "*", "/")
COMPARISON_OPS = (">=", ">", "<=", "<", "==", "!=")
SCALAR_FUNCTIONS = ("min", "max", "abs", "ceil", "floor", "round")
AGGREGATE_FUNCTIONS = ("share", "count", "sum", "ratio")


@dataclass(frozen=True)
class Node:
    type: str


@dataclass(frozen=True)
class Number(Node):
    value: float


@dataclass(frozen=True)
class Boolean(Node):
    value: bool


@dataclass(frozen=True)
class Text(Node):
    value: str


@dataclass(frozen=True)
class Name(Node):
    """A fact of the organisation (or, in a roll-up, of each child)."""

    code: str


@dataclass(frozen=True)
class Constant(Node):
    """A named number of the pack's national rules, e.g. min_branch_member_meetings."""

    code: str
    value: float


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Arithmetic(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Logic(Node):
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Aggregate(Node):
    """share / count / sum / ratio over the children of a region; `slot` numbers it within its criterion."""

    function: str
    args: tuple[Node, ...]
    slot: int


@dataclass(frozen=True)
class CountTrue(Node):
    """Number of true operands (nulls count as not true): a checklist's items present. Built, never parsed."""

    operands: tuple[Node, ...]


@dataclass(frozen=True)
class AsNumber(Node):
    """A boolean as 1 / 0 (null stays null): the actual value of a yes/no check. Built, never parsed."""

    operand: Node


def walk(node: Node):
    """Every node of the tree, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for attr in ("operand", "left", "right"):
            child = getattr(current, attr, None)
            if isinstance(child, Node):
                stack.append(child)
        for attr in ("operands", "args"):
            stack.extend(getattr(current, attr, ()))


def aggregates(node: Node) -> list[Aggregate]:
    found = [n for n in walk(node) if isinstance(n, Aggregate)]
    return sorted(found, key=lambda a: a.slot)


def names(node: Node) -> set[str]:
    return {n.code for n in walk(node) if isinstance(n, Name)}
