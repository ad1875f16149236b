"""Verdict codes and the rules both evaluators share (applicability, missing values, gaps, stars)."""

from __future__ import annotations

from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.standards.expressions import nodes as n

PASS, FAIL, NOT_REPORTED, NOT_APPLICABLE = 0, 1, 2, 3
VERDICTS = ("pass", "fail", "not_reported", "not_applicable")
VERDICT_LABELS = {
    "pass": {"zh": "达标", "en": "pass"}, "fail": {"zh": "未达标", "en": "fail"},
    "not_reported": {"zh": "未填报", "en": "not reported"}, "not_applicable": {"zh": "不适用", "en": "not applicable"},
}
# What a missing figure (a null result) becomes, by the criterion's missing-value strategy.
MISSING_VERDICT = {"fail": FAIL, "skip": NOT_APPLICABLE, "not_reported": NOT_REPORTED}
STAR_DECIMALS = 9  # stars are banded on the total rounded to this many decimals
ROW_FIELDS = ("id", "domain", "kind", "host_kind", "primary", *LEVELS_BOTTOM_UP)


def row_applies(applies, row: dict) -> bool:
    """Does the criterion (or roll-up child filter) cover this row, before any fact is read?"""
    if applies.domains is not None and row.get("domain") not in applies.domains:
        return False
    if applies.kinds is not None and row.get("kind") not in applies.kinds:
        return False
    if applies.hosts is not None and row.get("host_kind") not in applies.hosts:
        return False
    return not (applies.units == "primary" and row.get("primary") is not True)


def rollup_measures(criterion) -> list:
    """The expressions a roll-up reads for each child it judges: every argument of its share/count/sum/ratio. A child
    for which one of them (or the `where` filter) is missing has not reported what decides the region's verdict."""
    return [arg for a in n.aggregates(criterion.check) for arg in a.args]


def rollup_reads(criterion) -> list[str]:
    """The names (facts, or an organisation's `stars` / `score`) a roll-up reads for each child, in order."""
    trees = [criterion.applies.where, *rollup_measures(criterion)]
    return sorted(set().union(*(n.names(t) for t in trees if t is not None)))


def gap_of(mode: str | None, actual, threshold):
    """How far the actual value is from the threshold, positive when short of it; None when unknown."""
    if mode is None or actual is None or threshold is None:
        return None
    if mode == "below":
        return threshold - actual
    if mode == "above":
        return actual - threshold
    return abs(actual - threshold)


def stars_of(bands: list[dict], total):
    """The star level of a total score from bands sorted by min_score, highest first."""
    if total is None:
        return None
    total = round(total, STAR_DECIMALS)
    for band in bands:
        if total >= band["min_score"]:
            return band["stars"]
    return None
