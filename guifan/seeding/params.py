"""The sample city's distribution parameters and name material, read from data/ (never from /work/shared)."""

import datetime as dt
import itertools
import random
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
SCALES = ("tiny", "county", "city")


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
