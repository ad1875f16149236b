"""Hypothesis strategies: organisations a criterion may or may not apply to, with random facts (nulls included)."""

import datetime as dt

from hypothesis import strategies as st

from guifan.assessment.engine.synthetic import HOSTS
from guifan.standards.expressions.nodes import names

ALL_HOSTS = sorted({h for hosts in HOSTS.values() for h in hosts} | {"building", "hamlet"})
# Values near the plan's thresholds and their boundaries, whole numbers (so that sums are exact), and nulls.
NEAR = [0.0, 1.0, 2.0, 3.0, 4.0, 7.0, 12.0, 24.0, 29.0, 30.0, 40.0, 50.0, 56.0, 99.0, 100.0, 101.0, 150.0,
        199.0, 200.0, 201.0, 500.0, 999.0, 1000.0, 2000.0, 45000.0, 50000.0, 90000.0, 200000.0, 500000.0]


def fact_value(fact, exact: bool, missing: bool = True):
    """A value of the fact's type; None among the choices when `missing`."""
    nothing = [st.none()] if missing else []
    if fact.type == "boolean":
        return st.one_of(*nothing, st.booleans())
    if fact.type == "enum":
        return st.one_of(*nothing, st.sampled_from(fact.values))
    if fact.type == "date":
        return st.one_of(*nothing, st.dates(dt.date(2015, 1, 1), dt.date(2022, 12, 31)))
    numbers = [st.sampled_from(NEAR), st.integers(0, 1_000_000).map(float)]
    if not exact:
        numbers.append(st.sampled_from([200.0001, 55.9999, 0.5, 12.25, 1e15]))
    return st.one_of(*nothing, *numbers)


def read_by(criterion) -> set[str]:
    applies = criterion.applies
    trees = [criterion.check, criterion.actual, criterion.threshold, applies.when, applies.where]
    return set().union(*(names(t) for t in trees if t is not None))


@st.composite
def row(draw, pack, criterion, index: int, exact: bool = False, every_fact: bool = False, missing: bool = True,
        in_scope: bool = False):
    """An organisation row for `criterion`: with `missing=False` every fact it has is filled in; with `in_scope` its
    domain, kind, host kind and primacy are the criterion's (only its facts decide whether it applies)."""
    applies = criterion.applies
    domains = list(applies.domains or "RUNAS")
    domain = draw(st.sampled_from(domains if in_scope else domains + ["R", "U", "N", "A", "S"]))
    hosts = list(applies.hosts or HOSTS[domain])
    kinds = list(applies.kinds or ["committee", "general_branch", "branch"])
    record = {
        "id": f"O{index}", "domain": domain,
        "kind": draw(st.sampled_from(kinds if in_scope else kinds + ["group", "none"])),
        "host_kind": draw(st.sampled_from(hosts if in_scope else hosts + ALL_HOSTS)),
        "primary": True if in_scope else draw(st.sampled_from([True, True, False])),
        "township": draw(st.sampled_from(["T1", "T2", "T3"])), "county": draw(st.sampled_from(["C1", "C2"])),
        "city": "X",
    }
    codes = pack.facts if every_fact else sorted(c for c in read_by(criterion) if c in pack.facts)
    for code in codes:
        record[code] = draw(fact_value(pack.facts[code], exact, missing))
    return record
