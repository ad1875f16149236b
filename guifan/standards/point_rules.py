"""Member points as a pack states them (积分制, SPEC M08): a `rules:` entry carrying `points:`.

Per member category (rural, urban, two-new, agency, SOE by the organisation's domain; retired; flowing) a base, and
items: points per event, how each is earned (a meeting kind attended, a course completed, a paper passed, an absence
without leave from a meeting kind, or a request approved by a second person), a cap per month, quarter or year, the
categories it is for. Then the promotion levels (积分晋级: at least `min_points` in each of the last `years` years)
and the results' use (the top share of a branch recommended, the lowest talked with). guifan.points applies them;
nothing there knows a point value. A pack needs no points rule; with one, its problems name their line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from guifan.core.vocabulary import DOMAINS

MEETING, ABSENT, COURSE, PAPER, REQUEST = "meeting", "absent_from", "course", "paper", "request"
PERIODS = ("month", "quarter", "year")
FLOWING, RETIRED, DOMAIN = "flowing", "retired", "domain"
BASE_ITEM = "base"  # the ledger's item code for a year's base points


@dataclass(frozen=True)
class PointCategory:
    code: str
    label: dict
    base: Decimal
    members: tuple[str, str | bool]  # ("domain", "R") | ("retired", True) | ("flowing", True)


@dataclass(frozen=True)
class PointItem:
    code: str
    label: dict
    points: Decimal  # per event; negative for a deduction
    kind: str  # MEETING, ABSENT, COURSE, PAPER or REQUEST
    meeting_kind: str  # the meeting kind for MEETING and ABSENT, else ""
    cap_per: str | None  # "month", "quarter", "year" or None (no cap)
    cap_points: Decimal | None  # the most the item earns (or deducts) in a period
    categories: tuple[str, ...]  # the categories it is for

    @property
    def automatic(self) -> bool:
        return self.kind != REQUEST

    @property
    def is_deduction(self) -> bool:
        return self.points < 0


@dataclass(frozen=True)
class PromotionLevel:
    level: int
    label: dict
    min_points: Decimal
    years: int


@dataclass(frozen=True)
class PointRules:
    """What guifan.points needs of a pack, read once when the pack is parsed (a Pack is never changed)."""

    rule: str
    source: str
    quote: str
    spec: tuple[str, ...]
    categories: MappingProxyType  # {code: PointCategory}, in the pack's order
    items: MappingProxyType  # {code: PointItem}, in the pack's order
    levels: tuple[PromotionLevel, ...]  # lowest level first
    recommend_top_percent: Decimal | None
    talk_with_bottom_percent: Decimal | None
    talk_with_below: Decimal | None

    def category_of(self, domain: str | None, flowing: bool, retired: bool) -> str | None:
        """A member's category: flowing first, then retired, then the organisation's domain (None: none fits)."""
        by = {c.members: c.code for c in self.categories.values()}
        if flowing and (FLOWING, True) in by:
            return by[(FLOWING, True)]
        if retired and (RETIRED, True) in by:
            return by[(RETIRED, True)]
        return by.get((DOMAIN, domain))

    def items_for(self, category: str) -> list[PointItem]:
        return [i for i in self.items.values() if category in i.categories]

    def level_for(self, totals_by_year: dict[int, Decimal | None], year: int) -> int | None:
        """The highest level whose minimum was kept in each of its last `years` years up to `year` (a year with no
        total does not count as kept); None when no level is reached."""
        reached = None
        for level in self.levels:
            kept = all((totals_by_year.get(y) is not None and totals_by_year[y] >= level.min_points)
                       for y in range(year - level.years + 1, year + 1))
            if kept:
                reached = level.level
        return reached

    @property
    def max_years(self) -> int:
        return max((lv.years for lv in self.levels), default=1)


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def compile_point_rules(rules: list[dict], problem) -> PointRules | None:
    """The point rules of a pack's (schema-valid) `rules:`, or None when no rule has `points:`; reports through
    `problem(location, message)` a second points rule, repeated or unknown codes, an item without the cap the pack
    requires, a deduction that adds or an earning that deducts, promotion levels out of order, a domain without a
    category; then returns None."""
    found = [i for i, rule in enumerate(rules) if "points" in rule]
    if not found:
        return None
    for i in found[1:]:
        problem(["rules", i], f"rule {rules[i]['id']}: a second points rule (the first is {rules[found[0]]['id']}) "
                              f"（积分规则只能有一条）")
    index, rule = found[0], rules[found[0]]
    part = rule["points"]
    where = ["rules", index, "points"]
    problems = 0

    def bad(location, message):
        nonlocal problems
        problems += 1
        problem(location, message)

    categories: dict[str, PointCategory] = {}
    selectors: dict = {}
    for j, c in enumerate(part["categories"]):
        here = [*where, "categories", j]
        (key, value), = c["members"].items()
        if c["code"] in categories:
            bad(here, f"points: category {c['code']!r} is given twice（积分类别 {c['code']} 重复）")
        if (key, value) in selectors:
            bad(here, f"points: category {c['code']!r} selects the same members as {selectors[(key, value)]!r}"
                      f"（积分类别 {c['code']} 与 {selectors[(key, value)]} 的党员范围相同）")
        selectors[(key, value)] = c["code"]
        categories[c["code"]] = PointCategory(code=c["code"], label=c["label"], base=_decimal(c["base"]),
                                              members=(key, value))
    for domain in DOMAINS:
        if (DOMAIN, domain) not in selectors:
            bad([*where, "categories"], f"points: no category for the members of domain {domain}"
                                        f"（领域 {domain} 的党员没有积分类别）")
    items: dict[str, PointItem] = {}
    for j, it in enumerate(part["items"]):
        here = [*where, "items", j]
        code = it["code"]
        if code in items:
            bad(here, f"points: item {code!r} is given twice（积分项 {code} 重复）")
        if code == BASE_ITEM:
            bad(here, f"points: {BASE_ITEM!r} is the base's code, not an item's（base 是基础分的代码）")
        earned = it["earned_by"]
        if earned == REQUEST:
            kind, meeting_kind = REQUEST, ""
        else:
            (kind, target), = earned.items()
            meeting_kind = target if kind in (MEETING, ABSENT) else ""
        points = _decimal(it["points"])
        if kind == ABSENT and points > 0:
            bad(here, f"points: item {code!r} is a deduction for an absence: its points must be negative"
                      f"（积分项 {code} 是缺席扣分，分值应为负数）")
        if kind in (MEETING, COURSE, PAPER) and points < 0:
            bad(here, f"points: item {code!r} is earned by a record: its points must be positive"
                      f"（积分项 {code} 按记录得分，分值应为正数）")
        cap = it.get("cap")
        if cap is None and part.get("caps_required"):
            bad(here, f"points: item {code!r} has no cap (per month, quarter or year) and this pack requires one"
                      f"（积分项 {code} 没有设上限，本标准包要求每个积分项按月、季度或年度设上限）")
        unknown = [c for c in it.get("categories", ()) if c not in categories]
        if unknown:
            bad(here, f"points: item {code!r} names unknown categories {', '.join(unknown)}"
                      f"（积分项 {code} 的党员类别 {', '.join(unknown)} 未定义）")
        items[code] = PointItem(
            code=code, label=it["label"], points=points, kind=kind, meeting_kind=meeting_kind,
            cap_per=cap["per"] if cap else None, cap_points=_decimal(cap["points"]) if cap else None,
            categories=tuple(it.get("categories") or categories),
        )
    for kind in (MEETING, ABSENT):
        seen: dict = {}
        for j, it in enumerate(part["items"]):
            item = items.get(it["code"])
            if item is None or item.kind != kind:
                continue
            for category in item.categories:
                other = seen.get((item.meeting_kind, category))
                if other and other != item.code:
                    bad([*where, "items", j], f"points: items {other!r} and {item.code!r} both count "
                                              f"{item.meeting_kind} for {category}"
                                              f"（积分项 {other} 与 {item.code} 重复计分）")
                seen[(item.meeting_kind, category)] = item.code
    levels = []
    for j, lv in enumerate(part.get("promotion", ())):
        level = PromotionLevel(level=lv["level"], label=lv["label"], min_points=_decimal(lv["min_points"]),
                               years=lv["years"])
        if levels and (level.level <= levels[-1].level or level.years < levels[-1].years):
            bad([*where, "promotion", j], f"points: promotion level {level.level} must come after level "
                                          f"{levels[-1].level} and need at least as many years"
                                          f"（积分晋级等级应按等级和年数递增）")
        levels.append(level)
    uses = part.get("uses", {})
    if problems:
        return None
    return PointRules(
        rule=rule["id"], source=rule["source"], quote=rule["quote"], spec=tuple(rule.get("spec", ())),
        categories=MappingProxyType(categories), items=MappingProxyType(items), levels=tuple(levels),
        recommend_top_percent=_decimal(uses["recommend_top_percent"]) if "recommend_top_percent" in uses else None,
        talk_with_bottom_percent=(_decimal(uses["talk_with_bottom_percent"])
                                  if "talk_with_bottom_percent" in uses else None),
        talk_with_below=_decimal(uses["talk_with_below"]) if "talk_with_below" in uses else None,
    )
