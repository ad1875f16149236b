"""The vectorised (Polars) and the plain evaluator agree on every criterion of the Guilin pack, nulls included."""

import math
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guifan.assessment.engine import frames, plain, vectorised
from guifan.assessment.engine.verdicts import VERDICTS
from guifan.assessment.tests.strategies import row
from guifan.standards.pack import load_pack

PACK = load_pack("guilin-2018")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or (math.isnan(a) and math.isnan(b))


def close(a, b) -> bool:
    """Scores: equal to the last few ulps (Polars may divide through a reciprocal); stars must still be equal."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize("criterion", PACK.organisation_criteria, ids=lambda c: c.id)
@SETTINGS
@given(data=st.data())
def test_organisation_criterion_agrees(criterion, data):
    rows = [data.draw(row(PACK, criterion, i)) for i in range(data.draw(st.integers(1, 6)))]
    frame = frames.rows_to_frame(PACK, rows)
    out = (frame.lazy()
           .select("id", *vectorised.criterion_columns(criterion, vectorised.applies_mask(criterion.applies)))
           .with_columns(vectorised.masked_columns(criterion)).collect())
    for record, fast in zip(rows, out.iter_rows(named=True), strict=True):
        slow = plain.judge(criterion, record)
        assert VERDICTS[fast[f"{criterion.id}|v"]] == slow.verdict, (record, slow.explain("en"))
        assert same(fast[f"{criterion.id}|a"], slow.actual)
        assert same(fast[f"{criterion.id}|t"], slow.threshold)
        assert same(fast[f"{criterion.id}|g"], slow.gap)


@pytest.mark.parametrize("criterion", PACK.rollup_criteria, ids=lambda c: c.id)
@SETTINGS
@given(data=st.data())
def test_rollup_criterion_agrees(criterion, data):
    # Regions where every child reported, where a few did not, and where many did not (a unit's missing figure
    # makes its region "not reported" with the count of such units: both evaluators must count them alike).
    missing_share = data.draw(st.sampled_from([0.0, 0.15, 0.6]))
    rows, stars = [], []
    for i in range(data.draw(st.integers(0, 12))):
        gaps = missing_share > 0 and data.draw(st.floats(0, 1)) < missing_share
        rows.append(data.draw(row(PACK, criterion, i, exact=True, missing=gaps)))
        stars.append(data.draw(st.one_of(st.none(), st.integers(1, 5)) if gaps else st.integers(1, 5)))
    frame = frames.rows_to_frame(PACK, rows)
    view = SimpleNamespace(rollup_criteria=[criterion])
    enriched = frame.with_columns(frames.pl.Series("stars", stars, dtype=frames.pl.Float64),
                                  frames.pl.lit(None, dtype=frames.pl.Float64).alias("score"))
    fast = {(r["level"], r["code"]): r for r in vectorised.assess_regions(view, enriched).iter_rows(named=True)}
    results = [SimpleNamespace(id=r["id"], stars=s, total=None) for r, s in zip(rows, stars, strict=True)]
    slow = {(r["level"], r["code"]): r for r in plain.assess_regions(view, rows, results)}
    assert fast.keys() == slow.keys()
    for key, expected in slow.items():
        got = fast[key]
        assert got["verdict"] == expected["verdict"], (key, got, expected)
        assert (got["children"], got["missing"]) == (expected["children"], expected["missing"])
        assert expected["verdict"] != "pass" or expected["missing"] == 0
        for column in ("actual", "threshold", "gap"):
            assert same(got[column], expected[column]), (column, got, expected)


@SETTINGS
@given(data=st.data())
def test_scores_and_stars_agree(data):
    criterion = data.draw(st.sampled_from(PACK.organisation_criteria))
    rows = [data.draw(row(PACK, criterion, i, every_fact=True)) for i in range(data.draw(st.integers(1, 5)))]
    result = vectorised.assess(PACK, frames.rows_to_frame(PACK, rows))
    for record, fast in zip(rows, result.organisations.iter_rows(named=True), strict=True):
        slow = plain.assess_organisation(PACK, record)
        for pillar, value in slow.pillar_scores.items():
            assert close(fast[f"score_{pillar}"], value), (pillar, fast[f"score_{pillar}"], value)
        assert close(fast["total"], slow.total)
        assert fast["stars"] == slow.stars
        assert fast["rectification"] == slow.rectification
