"""Chinese names for people, places and units of the sample city, drawn from data/names.yaml."""

import random

from .params import Weighted, names, sample

NUMERALS = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """1 → 第一, 12 → 第十二, 20 → 第二十 (enough for branches, groups and villager groups)."""
    if n <= 10:
        text = NUMERALS[n - 1]
    elif n < 20:
        text = "十" + NUMERALS[n - 11]
    else:
        tens, ones = divmod(n, 10)
        text = NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")
    return "第" + text


class NameMaker:
    def __init__(self, rng: random.Random):
        data = names()
        self.rng = rng
        self.data = data
        self.surnames = Weighted(data["surnames"])
        self.given = {True: data["given"]["male"], False: data["given"]["female"]}
        self.single = sample()["members"]["single_character_given_name"]

    def person(self, male: bool) -> str:
        rng = self.rng
        pool = self.given[male]
        given = rng.choice(pool) if rng.random() < self.single else rng.choice(pool) + rng.choice(pool)
        return self.surnames.pick(rng) + given

    def place(self, taken: set) -> str:
        """A two-character place name not yet in `taken` (three characters once two run short)."""
        first, second = self.data["places"]["first"], self.data["places"]["second"]
        for attempt in range(200):
            name = self.rng.choice(first) + self.rng.choice(second)
            if attempt > 50:
                name += self.rng.choice(second)
            if name not in taken and name[0] != name[1]:
                taken.add(name)
                return name
        raise RuntimeError("place names exhausted")

    def brand(self, taken: set) -> str:
        for _ in range(100):
            name = self.rng.choice(self.data["places"]["brands"])
            if name not in taken:
                taken.add(name)
                return name
        return self.place(taken)

    def pick(self, key: str):
        return self.rng.choice(self.data[key])

    def sample(self, key: str, k: int) -> list:
        pool = self.data[key]
        return self.rng.sample(pool, min(k, len(pool)))
