"""Rating and upgrading (评星晋级, ORG-R-04, M03) as a pack states it: a top-level `rating:` section.

The steps a year's official star level goes through, in order (the township proposes, the county confirms, the city
publishes), each taken by one region level for all the organisations of a region at once; and the top level whose
share the plan wants to rise (五星级). guifan.rating applies them; nothing there knows a step or a level.
A pack needs no rating section; with one, its problems name their line.
"""

from __future__ import annotations

from dataclasses import dataclass

from guifan.core.vocabulary import REGION_LEVELS


@dataclass(frozen=True)
class RatingStep:
    code: str
    level: str  # the region level that takes the step (township, county, city)
    label: dict


@dataclass(frozen=True)
class RatingRules:
    source: str
    spec: tuple[str, ...]
    quote: str
    steps: tuple[RatingStep, ...]  # in the order they are taken
    top_stars: int

    def step(self, code: str) -> RatingStep | None:
        return next((s for s in self.steps if s.code == code), None)

    def index(self, code: str | None) -> int:
        """The position of a step (0 first); -1 for none (nothing taken yet)."""
        return next((i for i, s in enumerate(self.steps) if s.code == code), -1)

    def step_for_level(self, level: str) -> RatingStep | None:
        return next((s for s in self.steps if s.level == level), None)

    @property
    def last(self) -> RatingStep:
        return self.steps[-1]


def compile_rating_rules(data: dict, star_levels: list[int], sources: dict, problem) -> RatingRules | None:
    """The rating rules of a pack's `rating:` (None when absent), reporting through `problem(location, message)`
    steps without a code, level or label, a level that is not a region level or is given twice, a repeated code,
    a top level that is no star band, an unknown source."""
    part = data.get("rating")
    if part is None:
        return None
    where = ["rating"]
    count = 0

    def bad(location, message):
        nonlocal count
        count += 1
        problem(location, message)

    if part.get("source") not in sources:
        bad(where, f"rating: source {part.get('source')!r} is not one of the pack's sources"
                   f"（评星晋级的依据不在 sources 中）")
    if not part.get("quote"):
        bad(where, "rating: quote the plan's sentence（评星晋级须引用方案原文）")
    raw_steps = part.get("steps") or []
    if not isinstance(raw_steps, list) or not raw_steps:
        bad(where, "rating: at least one step is needed（评星晋级至少要有一个步骤）")
        raw_steps = []
    steps, codes, levels = [], set(), set()
    for i, s in enumerate(raw_steps):
        here = [*where, "steps", i]
        if not isinstance(s, dict) or not s.get("code") or not isinstance(s.get("label"), dict):
            bad(here, "rating: each step needs a code and a label（每个步骤须有代码和名称）")
            continue
        if s.get("level") not in REGION_LEVELS:
            bad(here, f"rating: step {s['code']!r}: level {s.get('level')!r} is not one of {', '.join(REGION_LEVELS)}"
                      f"（步骤 {s['code']} 的层级不是乡镇、县（区）或市）")
            continue
        if s["code"] in codes:
            bad(here, f"rating: step {s['code']!r} is given twice（步骤 {s['code']} 重复）")
        if s["level"] in levels:
            bad(here, f"rating: level {s['level']!r} takes two steps（一个层级只能办理一个步骤）")
        codes.add(s["code"])
        levels.add(s["level"])
        steps.append(RatingStep(code=s["code"], level=s["level"], label=s["label"]))
    top = part.get("top_stars", max(star_levels, default=5))
    if top not in star_levels:
        bad([*where, "top_stars"], f"rating: top_stars {top!r} is not a star level of a band（最高星级不在星级档次中）")
    if count:
        return None
    return RatingRules(source=part["source"], spec=tuple(part.get("spec", ())), quote=part["quote"],
                       steps=tuple(steps), top_stars=int(top))
