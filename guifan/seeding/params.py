"""The sample city's distribution parameters and name material, read from data/ (never from /work/shared)."""

import datetime as dt
import itertools
import random
from functools import lru_cache
from pathlib import Path

import yaml

from guifan.standards.pack import Pack, load_pack
from guifan.standards.register_rules import RegisterRules

DATA = Path(__file__).parent / "data"
SCALES = ("tiny", "county", "city")
SHIPPED_PACK = "guilin-2018"


@lru_cache(maxsize=1)
def shipped_pack() -> Pack:
    """The shipped standard pack the sample city is made to fit (and `make demo` loads)."""
    return load_pack(SHIPPED_PACK)


def register_rules() -> RegisterRules:
    """The register rules (set-up by member count, terms: ORG-G-01, M01) of the shipped pack."""
    return shipped_pack().register


def coverage_min_headcount(code: str) -> int:
    """The size from which the shipped pack's coverage rule `code` demands an organisation (enterprise: ORG-N-02)."""
    return next(rule.min_headcount for rule in register_rules().coverage if rule.code == code)


@lru_cache(maxsize=1)
def sample() -> dict:
    with open(DATA / "sample-city.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def names() -> dict:
    with open(DATA / "names.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def reference_date() -> dt.date:
    return sample()["reference_date"]


def scale(name: str) -> dict:
    return sample()["scales"][name]


def county(code: str) -> dict:
    """A county's parameters: its own entry over the default."""
    counties = sample()["counties"]
    return {**counties["default"], **counties.get(code, {})}


class Weighted:
    """A weighted choice from a {value: weight} mapping, drawn with a given Random (fast: cumulative weights)."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cum = list(itertools.accumulate(float(w) for w in weights.values()))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]
