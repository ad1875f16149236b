"""Safe expressions of a standard pack: parsed with `ast`, whitelisted, typed; never eval'ed."""

from guifan.standards.expressions.parser import ExpressionError, NameTable, parse_expression

__all__ = ["ExpressionError", "NameTable", "parse_expression"]
