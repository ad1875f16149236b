"""Rectification of weak and lax organisations as a pack states them (整顿软弱涣散, SPEC M03, ORG-R-03): the
pack's `stars.rectification`.

`max_stars` (the lowest band is a candidate) and `target_stars` (the star level a reassessment must reach before the
county signs a rectification off: "按“三星级”以上的标准进行整顿提升") were there before; this module adds who confirms
a proposed listing (`confirmed_by`, a region level), who signs one off (`signed_off_by`), the days a task is given
(`task_days`), and the weak-and-lax situations that propose an organisation from an official run: each names the
signal it reads (`stars_at_most`, `failed_any` criteria, or `secretary_vacant` from the register) and cites its
source. guifan.rectification applies them; nothing there knows a star level or a criterion id.
"""

from __future__ import annotations

from dataclasses import dataclass

from guifan.core.vocabulary import REGION_LEVELS, RegionLevel

DEFAULT_TASK_DAYS = 90


@dataclass(frozen=True)
class Situation:
    code: str
    label: dict
    source: str
    quote: str
    spec: tuple[str, ...]
    stars_at_most: int | None = None
    failed_any: tuple[str, ...] = ()
    secretary_vacant: bool = False

    def signalled(self, stars: int | None, verdicts: dict, secretary_vacant: bool) -> bool:
        """Whether an organisation's stored result (stars, {criterion id: [verdict, …]}) and register show it; a
        missing star level is not the lowest band."""
        if self.stars_at_most is not None and stars is not None and stars <= self.stars_at_most:
            return True
        if self.failed_any and any((verdicts.get(c) or [None])[0] == "fail" for c in self.failed_any):
            return True
        return self.secretary_vacant and secretary_vacant


@dataclass(frozen=True)
class RectificationRules:
    max_stars: int
    target_stars: int
    confirmed_by: str  # a region level (RegionLevel)
    signed_off_by: str
    task_days: int
    spec: tuple[str, ...]
    quote: str
    situations: tuple[Situation, ...]

    def reached(self, stars: int | None) -> bool:
        """A missing star level never reaches the target."""
        return stars is not None and stars >= self.target_stars

    def situation(self, code: str) -> Situation | None:
        return next((s for s in self.situations if s.code == code), None)

    def level_label(self, level: str) -> str:
        return str(RegionLevel(level).label)


def compile_rectification_rules(part: dict, levels: list[int], criteria: set[str], sources: dict,
                                problem) -> RectificationRules | None:
    """The rules of a (schema-valid) `stars.rectification`; reports through `problem(location, message)` a target
    that is not a band's level or not above `max_stars`, a level that is not a region level, a situation given
    twice, without a signal or with more than one, naming an unknown criterion or source; then returns None."""
    where = ["stars", "rectification"]
    problems = 0

    def bad(location, message):
        nonlocal problems
        problems += 1
        problem(location, message)

    target = part.get("target_stars", part["max_stars"] + 1)
    if target not in levels or target <= part["max_stars"]:
        bad(where, f"stars.rectification.target_stars {target} must be a band's star level above max_stars"
                   f"（整顿目标星级须为某一星级且高于整顿对象星级）")
    for key in ("confirmed_by", "signed_off_by"):
        if part.get(key, RegionLevel.COUNTY) not in REGION_LEVELS:
            bad([*where, key], f"stars.rectification.{key} must be one of {', '.join(REGION_LEVELS)}"
                               f"（确认及验收层级须为市、县或乡镇）")
    situations: list[Situation] = []
    for j, s in enumerate(part.get("situations", ())):
        here = [*where, "situations", j]
        signals = [k for k in ("stars_at_most", "failed_any", "secretary_vacant") if k in s]
        if len(signals) != 1:
            bad(here, f"situation {s['code']}: give exactly one of stars_at_most, failed_any, secretary_vacant"
                      f"（软弱涣散情形 {s['code']} 须且只能给出一种判定依据）")
        if any(x.code == s["code"] for x in situations):
            bad(here, f"situation {s['code']} is given twice（软弱涣散情形 {s['code']} 重复）")
        unknown = [c for c in s.get("failed_any", ()) if c not in criteria]
        if unknown:
            bad(here, f"situation {s['code']}: unknown criteria {', '.join(unknown)}"
                      f"（软弱涣散情形 {s['code']} 的指标 {', '.join(unknown)} 未定义）")
        if s["source"] not in sources:
            bad(here, f"situation {s['code']}: unknown source {s['source']!r}")
        if "stars_at_most" in s and s["stars_at_most"] >= target:
            bad(here, f"situation {s['code']}: stars_at_most must be below the target"
                      f"（软弱涣散情形 {s['code']} 的星级须低于整顿目标）")
        situations.append(Situation(
            code=s["code"], label=s["label"], source=s["source"], quote=s["quote"], spec=tuple(s.get("spec", ())),
            stars_at_most=s.get("stars_at_most"), failed_any=tuple(s.get("failed_any", ())),
            secretary_vacant=bool(s.get("secretary_vacant")),
        ))
    if problems:
        return None
    return RectificationRules(
        max_stars=part["max_stars"], target_stars=target, confirmed_by=part.get("confirmed_by", RegionLevel.COUNTY),
        signed_off_by=part.get("signed_off_by", RegionLevel.COUNTY),
        task_days=part.get("task_days", DEFAULT_TASK_DAYS), spec=tuple(part.get("spec", ())),
        quote=part.get("quote", ""), situations=tuple(situations),
    )
