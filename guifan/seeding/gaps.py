"""Gaps on purpose: each kind at its rate from sample-city.yaml, and at least once in every county."""

import random

from .params import sample


class Gaps:
    """Decides, candidate by candidate, whether to leave a gap; the first candidate of each kind always gets one."""

    def __init__(self):
        self.rates = sample()["gaps"]
        self.made: dict[str, int] = {}

    def want(self, kind: str, rng: random.Random, variant: str = "") -> bool:
        """`variant` names a form of the gap that is also made at least once (kind_mismatch: which kind)."""
        key = f"{kind}:{variant}"
        hit = key not in self.made or rng.random() < self.rates[kind]
        if hit:
            self.made[key] = self.made.get(key, 0) + 1
        return hit
