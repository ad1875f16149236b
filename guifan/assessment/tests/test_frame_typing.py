"""The frame types a column of text at once as `guifan.standards.values.convert` types one value, and makes the
year's value of a quarterly or monthly fact as `AGGREGATES` does (issue 8, item 3: no value converted one by one in
Python; same figures, same frame)."""

import math

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guifan.assessment.frame import aggregated, typed
from guifan.standards.pack import Fact
from guifan.standards.values import AGGREGATES, MAX_ABS_FACT, typed_or_none

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FACTS = [Fact(code=f"f_{kind}", label={}, type=kind, domains=("R",), values=("甲", "乙") if kind == "enum" else ())
         for kind in ("number", "integer", "percent", "boolean", "enum", "date")]
PAD = st.sampled_from(["", " ", "  ", "\t"])
NUMBERS = st.one_of(st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.sampled_from(["12.5", "1e15", "1e16", "-0", "85%", "3.0", "7 %", "abc", "", "1e400", "+5",
                                     ".5", "5.", "0x10", "5%%", "1e-7"]))  # not "1_000" or "１２": see typed()
WORDS = st.sampled_from(["true", "false", "True", "FALSE", "1", "0", "是", "否", "有", "无", "yes", "No", "y", "t",
                         "maybe", "2", ""])
TEXT = {
    "number": NUMBERS, "integer": NUMBERS, "percent": NUMBERS, "boolean": WORDS,
    "enum": st.sampled_from(["甲", "乙", "丙", "", "甲乙"]),
    "date": st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2018-02-30", "2018/01/01", "x"])),
}


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


@SETTINGS
@given(st.data())
def test_a_column_is_typed_as_each_value_would_be(data):
    columns = {}
    for fact in FACTS:
        values = data.draw(st.lists(st.one_of(st.none(), st.tuples(PAD, TEXT[fact.type], PAD).map("".join)),
                                    min_size=1, max_size=8))
        columns[fact.code] = values
    size = min(len(v) for v in columns.values())
    text = pl.DataFrame({code: pl.Series(v[:size], dtype=pl.String) for code, v in columns.items()})
    frame = typed(FACTS, text)
    for fact in FACTS:
        expected = [typed_or_none(fact, raw) for raw in columns[fact.code][:size]]
        got = frame[fact.code].to_list()
        assert all(_same(g, e) for g, e in zip(got, expected, strict=True)), (fact.type, columns[fact.code], got)
        assert all(g is None or abs(g) <= MAX_ABS_FACT for g in got if isinstance(g, float))


@SETTINGS
@given(st.sampled_from(sorted(AGGREGATES)), st.lists(st.lists(st.one_of(st.none(), st.integers(0, 40)), max_size=12),
                                                    min_size=1, max_size=5))
def test_the_years_value_is_made_as_the_pack_says(aggregate, groups):
    boolean = aggregate in ("any", "all")
    fact = Fact(code="x", label={}, type="boolean" if boolean else "integer", domains=("R",),
                frequency="monthly", aggregate=aggregate)
    rows = [(org, None if v is None else (v % 2 == 1 if boolean else float(v)))
            for org, values in enumerate(groups) for v in values]
    frame = pl.DataFrame(rows, schema={"org": pl.Int64, "x": pl.Boolean if boolean else pl.Float64}, orient="row")
    made = dict(frame.group_by("org", maintain_order=True).agg(aggregated([fact])).iter_rows())
    for org, values in enumerate(groups):
        present = [(v % 2 == 1 if boolean else float(v)) for v in values if v is not None]
        expected = AGGREGATES[aggregate](present) if present else None
        got = made.get(org)
        assert got == expected or (isinstance(got, float) and math.isclose(got, expected)), (values, got, expected)
