"""The vectorised evaluator: the whole pack over a Polars frame with one row per organisation.

Columns of the frame: id, domain, kind ("none" for a unit without an organisation), host_kind, primary, township,
county, city, then one column per fact (nulls = missing). Same semantics as `plain`, expression for expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import polars as pl

from guifan.assessment.engine.verdicts import (
    FAIL,
    MISSING_VERDICT,
    NOT_APPLICABLE,
    NOT_REPORTED,
    PASS,
    STAR_DECIMALS,
    VERDICTS,
    rollup_measures,
)
from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.standards.expressions import nodes as n

F64 = pl.Float64


def to_polars(node: n.Node, agg_columns: dict[int, str] | None = None) -> pl.Expr:
    """The Polars expression of `node`; in a roll-up's second stage, aggregates are read from `agg_columns`."""
    kind = type(node)
    if kind is n.Name:
        return pl.col(node.code)
    if kind is n.Number or kind is n.Constant:
        return pl.lit(node.value, dtype=F64)
    if kind is n.Boolean:
        return pl.lit(node.value, dtype=pl.Boolean)
    if kind is n.Text:
        return pl.lit(node.value, dtype=pl.String)
    if kind is n.Compare:
        left, right = to_polars(node.left, agg_columns), to_polars(node.right, agg_columns)
        return {">=": left >= right, ">": left > right, "<=": left <= right, "<": left < right,
                "==": left == right, "!=": left != right}[node.op]
    if kind is n.Logic:
        operands = [to_polars(x, agg_columns) for x in node.operands]
        return reduce((lambda a, b: a & b) if node.op == "and" else (lambda a, b: a | b), operands)
    if kind is n.Arithmetic:
        right = to_polars(node.right, agg_columns)
        if node.op == "/" and _constant(node.right):
            # Polars divides by a scalar as a multiplication by its reciprocal (201 / 100 = 2.0100000000000002);
            # a full-length divisor keeps the correctly rounded division that plain Python does.
            right = pl.int_range(pl.len()).cast(F64) * 0.0 + right
        return _arithmetic(node.op, to_polars(node.left, agg_columns), right)
    if kind is n.Not:
        return ~to_polars(node.operand, agg_columns)
    if kind is n.Negate:
        return -to_polars(node.operand, agg_columns)
    if kind is n.Call:
        return _call(node.function, [to_polars(a, agg_columns) for a in node.args])
    if kind is n.Aggregate:
        if agg_columns is None:
            raise ValueError("an aggregate outside a roll-up")
        return pl.col(agg_columns[node.slot])
    if kind is n.CountTrue:
        return pl.sum_horizontal([to_polars(x, agg_columns).fill_null(False).cast(F64) for x in node.operands])
    if kind is n.AsNumber:
        return to_polars(node.operand, agg_columns).cast(F64)
    raise TypeError(f"unknown node {kind.__name__}")


def _constant(node: n.Node) -> bool:
    return not any(isinstance(x, n.Name | n.Aggregate) for x in n.walk(node))


def _arithmetic(op: str, left: pl.Expr, right: pl.Expr) -> pl.Expr:
    if op == "+":
        result = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    else:
        result = pl.when(right == 0).then(None).otherwise(left / right)
    return pl.when(result.is_finite()).then(result)


def _call(function: str, args: list[pl.Expr]) -> pl.Expr:
    if function in ("min", "max"):
        any_null = pl.any_horizontal([a.is_null() for a in args])
        combined = pl.min_horizontal(args) if function == "min" else pl.max_horizontal(args)
        return pl.when(any_null).then(None).otherwise(combined)
    arg = args[0]
    if function == "abs":
        return arg.abs()
    if function == "ceil":
        return arg.ceil()
    if function == "floor":
        return arg.floor()
    return arg.round(0, mode="half_to_even")


def applies_mask(applies) -> pl.Expr:
    """True where the row is covered by the criterion's domains, kinds, host kinds and units (never null)."""
    parts = []
    if applies.domains is not None:
        parts.append(pl.col("domain").is_in(list(applies.domains)))
    if applies.kinds is not None:
        parts.append(pl.col("kind").is_in(list(applies.kinds)))
    if applies.hosts is not None:
        parts.append(pl.col("host_kind").is_in(list(applies.hosts)))
    if applies.units == "primary":
        parts.append(pl.col("primary"))
    return reduce(lambda a, b: a & b, parts, pl.lit(True)).fill_null(False)


def _verdict(criterion, covered: pl.Expr, check: pl.Expr) -> pl.Expr:
    missing = MISSING_VERDICT[criterion.missing]
    chain = pl.when(~covered).then(pl.lit(NOT_APPLICABLE))
    if criterion.applies.when is not None:
        condition = to_polars(criterion.applies.when)
        chain = chain.when(condition.is_null()).then(pl.lit(missing)).when(~condition).then(pl.lit(NOT_APPLICABLE))
    chain = chain.when(check.is_null()).then(pl.lit(missing)).when(check).then(pl.lit(PASS)).otherwise(pl.lit(FAIL))
    return chain.cast(pl.UInt8)


def _gap(mode, actual: pl.Expr, threshold: pl.Expr) -> pl.Expr:
    if mode == "below":
        return threshold - actual
    if mode == "above":
        return actual - threshold
    if mode == "distance":
        return (actual - threshold).abs()
    return pl.lit(None, dtype=F64)


def criterion_columns(criterion, covered: pl.Expr, agg_columns=None) -> list[pl.Expr]:
    """Stage one of a criterion: its verdict `<id>|v` and its raw actual `<id>|a` and threshold `<id>|t`."""
    return [
        _verdict(criterion, covered, to_polars(criterion.check, agg_columns)).alias(f"{criterion.id}|v"),
        to_polars(criterion.actual, agg_columns).cast(F64).alias(f"{criterion.id}|a"),
        to_polars(criterion.threshold, agg_columns).cast(F64).alias(f"{criterion.id}|t"),
    ]


def masked_columns(criterion) -> list[pl.Expr]:
    """Stage two: actual and threshold only where the criterion applies, and the gap between them `<id>|g`."""
    judged = pl.col(f"{criterion.id}|v") != NOT_APPLICABLE
    actual = pl.when(judged).then(pl.col(f"{criterion.id}|a"))
    threshold = pl.when(judged).then(pl.col(f"{criterion.id}|t"))
    return [actual.alias(f"{criterion.id}|a"), threshold.alias(f"{criterion.id}|t"),
            _gap(criterion.gap, actual, threshold).alias(f"{criterion.id}|g")]


@dataclass
class Assessment:
    """organisations: one row per organisation (verdict/actual/threshold/gap per criterion, pillar scores, total,
    stars, rectification); regions: one row per (level, region code, roll-up criterion)."""

    organisations: pl.DataFrame
    regions: pl.DataFrame


def assess(pack, frame: pl.DataFrame) -> Assessment:
    """Judge every organisation of `frame` against every criterion of `pack`, then the roll-ups per region."""
    criteria = pack.organisation_criteria
    organisations = (
        frame.lazy()
        .select(pl.col("id"), *[col for c in criteria for col in criterion_columns(c, applies_mask(c.applies))])
        .with_columns([col for c in criteria for col in masked_columns(c)])
        .with_columns(score_columns(pack))
        .with_columns(total_column(pack))
        .with_columns(stars_columns(pack))
        .collect()
    )
    enriched = frame.with_columns(
        organisations["stars"].cast(F64).alias("stars"), organisations["total"].alias("score")
    )
    return Assessment(organisations, assess_regions(pack, enriched))


def _sum(terms: list[pl.Expr]) -> pl.Expr:
    return reduce(lambda a, b: a + b, terms) if terms else pl.lit(None, dtype=F64)


def score_columns(pack) -> list[pl.Expr]:
    """Per pillar: passed weight / judged weight × scale (null when nothing in the pillar applies)."""
    scale = float(pack.scoring["scale"])
    columns = []
    for pillar in pack.pillars:
        criteria = [c for c in pack.organisation_criteria if c.pillar == pillar]
        passed = _sum([pl.when(pl.col(f"{c.id}|v") == PASS).then(pl.lit(c.weight)).otherwise(pl.lit(0.0))
                       for c in criteria])
        judged = _sum([pl.when(pl.col(f"{c.id}|v") != NOT_APPLICABLE).then(pl.lit(c.weight)).otherwise(pl.lit(0.0))
                       for c in criteria])
        columns.append(pl.when(judged > 0).then(passed / judged * scale).otherwise(None).alias(f"score_{pillar}"))
    return columns


def total_column(pack) -> pl.Expr:
    weighted, weights = [], []
    for pillar, spec in pack.pillars.items():
        s = pl.col(f"score_{pillar}")
        pw = float(spec.get("weight", 1))
        weighted.append(pl.when(s.is_not_null()).then(pl.lit(pw) * s).otherwise(pl.lit(0.0)))
        weights.append(pl.when(s.is_not_null()).then(pl.lit(pw)).otherwise(pl.lit(0.0)))
    weights_sum = _sum(weights)
    return pl.when(weights_sum > 0).then(_sum(weighted) / weights_sum).otherwise(None).alias("total")


def stars_columns(pack) -> list[pl.Expr]:
    # Banded on the total rounded to 1e-9, as plain does: Polars may divide through a reciprocal, and one ulp
    # must not move an organisation across a band (79.99999999999999 vs 80.0).
    total = pl.col("total").round(STAR_DECIMALS)
    chain = None
    for band in pack.star_bands:
        test, level = total >= band["min_score"], pl.lit(band["stars"], dtype=pl.Int8)
        chain = pl.when(test).then(level) if chain is None else chain.when(test).then(level)
    stars = chain.otherwise(pl.lit(None, dtype=pl.Int8)).alias("stars")
    return [stars, (stars <= pack.rectification["max_stars"]).alias("rectification")]


def assess_regions(pack, frame: pl.DataFrame) -> pl.DataFrame:
    """Roll-up criteria: group children by region code at each criterion's level, aggregate, then judge.

    A child whose deciding figure is missing (its `where` filter, or an aggregate's argument once it is in) is
    counted in `missing`; any such child makes the region "not reported", never a pass or a silent "no"."""
    parts = []
    for level in LEVELS_BOTTOM_UP:
        criteria = [c for c in pack.rollup_criteria if c.applies.level == level]
        if not criteria:
            continue
        aggs = []
        for c in criteria:
            mask, unknown = _children_masks(c)
            aggs += [mask.sum().cast(F64).alias(f"{c.id}|n"), unknown.sum().cast(F64).alias(f"{c.id}|m")]
            for a in n.aggregates(c.check):
                aggs.extend(_aggregate(a, mask, f"{c.id}|{a.slot}"))
        grouped = frame.lazy().filter(pl.col(level).is_not_null()).group_by(level).agg(aggs)
        for c in criteria:
            agg_columns = {a.slot: f"{c.id}|{a.slot}" for a in n.aggregates(c.check)}
            reported = pl.col(f"{c.id}|m") == 0
            values = [pl.when(reported).then(_combine(a, f"{c.id}|{a.slot}")).alias(f"{c.id}|{a.slot}")
                      for a in n.aggregates(c.check)]
            children, missing = pl.col(f"{c.id}|n"), pl.col(f"{c.id}|m")
            judged = (grouped.with_columns(values)
                      .select(pl.col(level).cast(pl.String).alias("code"), children.alias("children"),
                              missing.alias("missing"),
                              _rollup_verdict(c, children, missing, to_polars(c.check, agg_columns))
                              .alias(f"{c.id}|v"),
                              to_polars(c.actual, agg_columns).cast(F64).alias(f"{c.id}|a"),
                              to_polars(c.threshold, agg_columns).cast(F64).alias(f"{c.id}|t"))
                      .with_columns(masked_columns(c)))
            parts.append(judged.select(
                pl.lit(level).alias("level"), "code", pl.lit(c.id).alias("criterion"),
                pl.col("children").cast(pl.Int64),
                pl.col(f"{c.id}|v").alias("verdict"), pl.col(f"{c.id}|a").alias("actual"),
                pl.col(f"{c.id}|t").alias("threshold"), pl.col(f"{c.id}|g").alias("gap"),
                pl.col("missing").cast(pl.Int64),
            ))
    if not parts:
        return _empty_regions()
    result = pl.concat(pl.collect_all(parts))
    return result.with_columns(pl.col("verdict").replace_strict(list(range(4)), list(VERDICTS), return_dtype=pl.String))


def _empty_regions() -> pl.DataFrame:
    return pl.DataFrame(schema={"level": pl.String, "code": pl.String, "criterion": pl.String, "children": pl.Int64,
                                "verdict": pl.String, "actual": F64, "threshold": F64, "gap": F64,
                                "missing": pl.Int64})


def _children_masks(criterion) -> tuple[pl.Expr, pl.Expr]:
    """(judged, unknown): rows in the roll-up (filter true), and rows whose filter or measured figure is missing."""
    covered = applies_mask(criterion.applies)
    where = pl.lit(True) if criterion.applies.where is None else to_polars(criterion.applies.where)
    judged = covered & where.fill_null(False)
    measures = [to_polars(m).is_null() for m in rollup_measures(criterion)]
    unread = pl.any_horizontal(measures) if measures else pl.lit(False)
    return judged, covered & (where.is_null() | (judged & unread))


def _rollup_verdict(criterion, children: pl.Expr, missing: pl.Expr, check: pl.Expr) -> pl.Expr:
    return (pl.when(missing > 0).then(pl.lit(NOT_REPORTED))
            .when(children == 0).then(pl.lit(NOT_APPLICABLE))
            .when(check.is_null()).then(pl.lit(MISSING_VERDICT[criterion.missing]))
            .when(check).then(pl.lit(PASS)).otherwise(pl.lit(FAIL)).cast(pl.UInt8))


def _aggregate(node: n.Aggregate, mask: pl.Expr, name: str) -> list[pl.Expr]:
    """First-stage aggregations of one share/count/sum/ratio over the judged children (a region with a child whose
    argument is missing gets no value: see `assess_regions`)."""
    if node.function in ("share", "count"):
        if not node.args:
            return [mask.sum().cast(F64).alias(f"{name}|hits"), mask.sum().cast(F64).alias(f"{name}|all")]
        hits = (to_polars(node.args[0]).fill_null(False) & mask).sum().cast(F64)
        return [hits.alias(f"{name}|hits"), mask.sum().cast(F64).alias(f"{name}|all")]
    return [pl.when(mask).then(to_polars(arg)).otherwise(pl.lit(0.0)).sum().cast(F64).alias(f"{name}|sum{i}")
            for i, arg in enumerate(node.args)]


def _combine(node: n.Aggregate, name: str) -> pl.Expr:
    """Second stage: the aggregate's value from its first-stage columns, with plain's rules (x / 0 is missing)."""
    if node.function == "count":
        return pl.col(f"{name}|hits")
    if node.function == "share":
        total = pl.col(f"{name}|all")
        return pl.when(total > 0).then(pl.col(f"{name}|hits") / total).otherwise(None)
    if node.function == "sum":
        return pl.col(f"{name}|sum0")
    denominator = pl.col(f"{name}|sum1")
    return pl.when(denominator != 0).then(pl.col(f"{name}|sum0") / denominator).otherwise(None)
