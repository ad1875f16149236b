"""Venue rating (阵地评级, SPEC M13; checklists V10R, V10U, V8; GUAR-R-06, GUAR-U-03, GUAR-A-02, GUAR-S-02) as a pack
states it: a top-level `venue_rating:` section.

Which of the pack's checklists rates the venue of an organisation of each domain (`applies`; the checklist items
are the pack's `checklists:`, never repeated here), an extra area floor a domain may add (an agency's activity room
of 30 m² or more), which items need a file when marked present (`evidence: listed`: those whose checklist item names
its evidence; `all`; `none`), the grade bands (highest first: a venue has the first band whose `missing_at_most` it
meets, the last band takes the rest), the target grade the upgrading list measures against, the region level that
confirms a venue's grade (`rated_by`), the largest area believed (`area_max_m2`), and the joint rating of a township
or county from the share of its venues of the `joint.domains` at the target grade (the first joint band whose
`min_share` the share reaches). guifan.venues applies them; nothing there knows a grade or an item.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from guifan.core.vocabulary import REGION_LEVELS, RegionLevel
from guifan.standards.expressions import nodes as n
from guifan.standards.expressions.evaluate import value

AREA_FACT = "venue_area_m2"  # the name a checklist item's `check:` uses for the venue's usable area
DEFAULT_AREA_MAX = 50000


@dataclass(frozen=True)
class VenueItem:
    id: str
    label: dict
    evidence: dict | None  # what the checklist says proves it (照片, 测绘或房产证明), or None
    needs_file: bool  # a file is required when the item is present
    check: n.Node | None = None  # judged from the venue's usable area (venue_area_m2), not ticked
    min_area: Decimal | None = None  # the domain's own area floor (applies[].min_area_m2)

    @property
    def from_area(self) -> bool:
        return self.check is not None or self.min_area is not None

    def area_met(self, area: Decimal | None) -> bool:
        if area is None:
            return False
        if self.min_area is not None:
            return area >= self.min_area
        return bool(value(self.check, {AREA_FACT: float(area)}))


@dataclass(frozen=True)
class VenueChecklist:
    code: str  # the checklist id (V10R…)
    title: dict
    domains: tuple[str, ...]
    spec: tuple[str, ...]
    quote: str
    items: tuple[VenueItem, ...]

    def item(self, item_id: str) -> VenueItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Grade:
    code: str
    label: dict
    missing_at_most: int | None  # None: the last band, every venue not in a band above


@dataclass(frozen=True)
class JointGrade:
    code: str
    label: dict
    min_share: float  # 0 for the last band


@dataclass(frozen=True)
class VenueRules:
    source: str
    spec: tuple[str, ...]
    quote: str
    rated_by: str  # a region level
    area_max: Decimal
    checklists: tuple[VenueChecklist, ...]
    grades: tuple[Grade, ...]  # highest first
    target: str
    joint_domains: tuple[str, ...]
    joint_spec: tuple[str, ...]
    joint_quote: str
    joint_grades: tuple[JointGrade, ...]  # highest first

    def checklist_for(self, domain: str) -> VenueChecklist | None:
        return next((c for c in self.checklists if domain in c.domains), None)

    def grade(self, missing: int) -> Grade:
        """The band of a venue with `missing` items not met."""
        for g in self.grades:
            if g.missing_at_most is None or missing <= g.missing_at_most:
                return g
        return self.grades[-1]

    def grade_of(self, code: str) -> Grade | None:
        return next((g for g in self.grades if g.code == code), None)

    def rank(self, code: str) -> int:
        """0 for the highest band; len(grades) for an unknown code."""
        return next((i for i, g in enumerate(self.grades) if g.code == code), len(self.grades))

    def reaches_target(self, code: str) -> bool:
        return self.rank(code) <= self.rank(self.target)

    def joint_grade(self, top: int, venues: int) -> JointGrade | None:
        """The joint band of a region with `top` of its `venues` (of the joint domains) at the target; None for
        a region without such venues."""
        if not venues:
            return None
        share = top / venues
        for g in self.joint_grades:
            if share >= g.min_share:
                return g
        return self.joint_grades[-1]

    def joint_grade_of(self, code: str) -> JointGrade | None:
        return next((g for g in self.joint_grades if g.code == code), None)

    def level_label(self) -> str:
        return str(RegionLevel(self.rated_by).label)


def compile_venue_rules(data: dict, checklists: dict, sources: dict, problem) -> VenueRules | None:
    """The rules of a (schema-valid) `venue_rating:` (None when absent). Reports through `problem(location, message)`
    an unknown source or checklist, a domain given two checklists, grade codes repeated, bands not falling, a target
    that is no band, a joint band list not ending at 0 or not falling; then returns None."""
    part = data.get("venue_rating")
    if part is None:
        return None
    where = ["venue_rating"]
    count = 0

    def bad(location, message):
        nonlocal count
        count += 1
        problem(location, message)

    for key, found in (("source", part.get("source")), ("joint.source", part["joint"].get("source", "plan"))):
        if found not in sources:
            bad(where, f"venue_rating: {key} {found!r} is not one of the pack's sources"
                       f"（阵地评级的依据不在 sources 中）")
    rated_by = part.get("rated_by", RegionLevel.TOWNSHIP)
    if rated_by not in REGION_LEVELS:
        bad([*where, "rated_by"], f"venue_rating.rated_by must be one of {', '.join(REGION_LEVELS)}"
                                  f"（阵地评级的确认层级须为市、县或乡镇）")
    evidence_mode = part.get("evidence", "listed")
    compiled: list[VenueChecklist] = []
    seen_domains: set[str] = set()
    for i, a in enumerate(part["applies"]):
        here = [*where, "applies", i]
        if a.get("source", "plan") not in sources:
            bad(here, f"venue_rating: unknown source {a.get('source')!r}")
        checklist = checklists.get(a["checklist"])
        if checklist is None:
            bad(here, f"venue_rating: unknown checklist {a['checklist']!r}（检查清单 {a['checklist']} 未定义）")
            continue
        twice = seen_domains.intersection(a["domains"])
        if twice:
            bad(here, f"venue_rating: domain {', '.join(sorted(twice))} is given two checklists"
                      f"（领域 {', '.join(sorted(twice))} 对应了两个检查清单）")
        seen_domains.update(a["domains"])
        items = []
        for item, node in zip(checklist["items"], checklist.get("nodes", ()), strict=False):
            check = node if "check" in item else None
            if check is not None and not n.names(check) <= {AREA_FACT}:
                bad(here, f"venue_rating: checklist {a['checklist']} item {item['id']} checks something other than "
                          f"{AREA_FACT}（检查项 {item['id']} 只能依据使用面积判定）")
            needs = evidence_mode == "all" or (evidence_mode == "listed" and bool(item.get("evidence")))
            items.append(VenueItem(id=item["id"], label=item["label"], evidence=item.get("evidence"),
                                   needs_file=needs, check=check))
        if "min_area_m2" in a:
            label = a.get("min_area_label") or {"zh": f"面积不小于{a['min_area_m2']}平方米",
                                                "en": f"Area of {a['min_area_m2']} m² or more"}
            items.append(VenueItem(id="min-area", label=label, evidence=None, needs_file=evidence_mode == "all",
                                   min_area=Decimal(str(a["min_area_m2"]))))
        compiled.append(VenueChecklist(code=a["checklist"], title=checklist["title"], domains=tuple(a["domains"]),
                                       spec=tuple(a["spec"]), quote=a["quote"], items=tuple(items)))
    grades = []
    codes = [g["code"] for g in part["grades"]]
    if len(set(codes)) != len(codes):
        bad([*where, "grades"], "venue_rating: a grade code is given twice（阵地等次代码重复）")
    last = None
    for j, g in enumerate(part["grades"]):
        at_most = g.get("missing_at_most")
        final = j == len(part["grades"]) - 1
        if (at_most is None) != final:
            bad([*where, "grades", j], "venue_rating: every grade but the last gives missing_at_most, the last none"
                                       "（除最后一个等次外，每个等次须给出缺项上限）")
        if at_most is not None and last is not None and at_most <= last:
            bad([*where, "grades", j], "venue_rating: missing_at_most must rise from one grade to the next"
                                       "（各等次的缺项上限须逐级增大）")
        last = at_most if at_most is not None else last
        grades.append(Grade(code=g["code"], label=g["label"], missing_at_most=at_most))
    if part["target"] not in codes:
        bad([*where, "target"], f"venue_rating: target {part['target']!r} is not a grade（目标等次不是已定义的等次）")
    joint = part["joint"]
    joint_grades = []
    shares = [g.get("min_share", 0) for g in joint["grades"]]
    if shares != sorted(shares, reverse=True) or len(set(shares)) != len(shares) or shares[-1] != 0:
        bad([*where, "joint", "grades"], "venue_rating: joint grades need falling min_share, the last 0"
                                         "（联动评定各等次的比例须逐级降低，最后一级为0）")
    for g in joint["grades"]:
        joint_grades.append(JointGrade(code=g["code"], label=g["label"], min_share=float(g.get("min_share", 0))))
    if count:
        return None
    return VenueRules(
        source=part["source"], spec=tuple(part["spec"]), quote=part["quote"], rated_by=rated_by,
        area_max=Decimal(str(part.get("area_max_m2", DEFAULT_AREA_MAX))), checklists=tuple(compiled),
        grades=tuple(grades), target=part["target"], joint_domains=tuple(joint["domains"]),
        joint_spec=tuple(joint["spec"]), joint_quote=joint["quote"], joint_grades=tuple(joint_grades),
    )
