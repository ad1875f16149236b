"""Party-mass service centres (党群服务中心, SPEC M15, checklist C15) and the smart-platform rating (智慧党建平台评级,
SPEC M17) as a pack states them: `service_centres:` and `platform_rating:`.

`service_centres` names the four levels (city, district, street, community), for each the region level or host-unit
kinds it belongs to, how many one region may have, the least usable area (city and district: 1000 m², standing
alone; street and community: sharing the convenience-service site with their own space), and reuses checklist C15
for the function areas; the staff a centre needs, whether its rules must be written, and the tourist stations
(党群旅游驿站) each urban district builds (1–2). `platform_rating` names the criteria the city rates each county's
platform on (most points, weight), the grade bands, and the levels of the model sites (示范点) recorded with it.
guifan.centres applies them; nothing there knows an area, a weight or a band. Each rule cites its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from guifan.core.vocabulary import REGION_LEVELS

SITE_SEPARATE, SITE_SHARED = "separate", "shared"


@dataclass(frozen=True)
class Cited:
    source: str
    spec: tuple[str, ...]
    quote: str


@dataclass(frozen=True)
class CentreLevel:
    code: str
    label: dict
    region_level: str | None  # a region level, or None for a community centre (held by an organisation)
    hosts: tuple[str, ...]  # host-unit kinds of the organisations holding a community centre
    urban_only: bool
    streets_only: bool
    per_region: int | None  # how many one region (or organisation) may have; None: no limit
    min_area_m2: Decimal | None
    site: str  # SITE_SEPARATE or SITE_SHARED
    cited: Cited

    @property
    def held_by_organisation(self) -> bool:
        return self.region_level is None


@dataclass(frozen=True)
class CentreRules:
    cited: Cited
    checklist: str  # the checklist of function areas (C15)
    items: tuple[dict, ...]  # its items: {id, label, …}
    levels: tuple[CentreLevel, ...]
    max_area_m2: Decimal
    max_staff: int
    staff_min: int
    staff_cited: Cited
    rules_required: bool
    rules_cited: Cited
    stations_min: int
    stations_max: int
    stations_cited: Cited

    def level(self, code: str) -> CentreLevel | None:
        return next((x for x in self.levels if x.code == code), None)

    def judge(self, level: CentreLevel, *, area, staff: int, own_site: bool, function_areas, rules_present: bool
              ) -> dict:
        """{item: bool} of one centre: the area (when its level sets one), the site, each C15 function area, the
        staff and the rules. The centre passes when every item does."""
        verdicts = {}
        if level.min_area_m2 is not None:
            verdicts["area"] = area is not None and Decimal(area) >= level.min_area_m2
        verdicts["site"] = bool(own_site)
        present = set(function_areas or ())
        for item in self.items:
            verdicts[f"{self.checklist}:{item['id']}"] = item["id"] in present
        verdicts["staff"] = staff is not None and staff >= self.staff_min
        if self.rules_required:
            verdicts["rules"] = bool(rules_present)
        return verdicts


@dataclass(frozen=True)
class PlatformCriterion:
    code: str
    label: dict
    max_points: Decimal
    weight: Decimal
    cited: Cited


@dataclass(frozen=True)
class PlatformRules:
    cited: Cited
    rated_by: str  # a region level
    criteria: tuple[PlatformCriterion, ...]
    grades: tuple[dict, ...]  # ({code, min, label}, …) highest first
    grades_source: str
    model_site_levels: tuple[dict, ...]  # ({code, label}, …)

    def criterion(self, code: str) -> PlatformCriterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def total(self, scores: dict) -> Decimal:
        """The weighted share of the points, 0-100, to one decimal: Σ weight × score / max ÷ Σ weight × 100."""
        weights = sum((c.weight for c in self.criteria), Decimal(0))
        if not weights:
            return Decimal(0)
        got = sum((c.weight * Decimal(scores.get(c.code) or 0) / c.max_points for c in self.criteria), Decimal(0))
        return (got / weights * 100).quantize(Decimal("0.1"))

    def grade(self, total: Decimal) -> dict:
        return next((g for g in self.grades if total >= g["min"]), self.grades[-1])


def _cited(part: dict) -> Cited:
    return Cited(source=part.get("source", ""), spec=tuple(part.get("spec", ())), quote=part.get("quote", ""))


def compile_centre_rules(data: dict, checklists: dict, sources: dict, problem) -> CentreRules | None:
    """The rules of a (schema-valid) `service_centres`, or None without one; reports through `problem` an unknown
    checklist or source, a level given twice or at an unknown region level, a level neither at a region level nor
    held by host units, a tourist-station minimum above its maximum; then returns None."""
    part = data.get("service_centres")
    if not part:
        return None
    where, problems = ["service_centres"], 0

    def bad(location, message):
        nonlocal problems
        problems += 1
        problem(location, message)

    if part["checklist"] not in checklists:
        bad(where, f"service_centres.checklist: unknown checklist {part['checklist']!r}（功能区域清单未定义）")
    for key in ("staff", "rules", "tourist_stations"):
        if key in part and part[key].get("source", part["source"]) not in sources:
            bad([*where, key], f"service_centres.{key}: unknown source {part[key]['source']!r}")
    if part["source"] not in sources:
        bad(where, f"service_centres: unknown source {part['source']!r}")
    levels: list[CentreLevel] = []
    for j, x in enumerate(part["levels"]):
        here = [*where, "levels", j]
        if any(y.code == x["code"] for y in levels):
            bad(here, f"service_centres level {x['code']} is given twice（中心层级重复）")
        region_level, hosts = x.get("region_level"), tuple(x.get("hosts", ()))
        if (region_level is None) == (not hosts):
            bad(here, f"service_centres level {x['code']}: give exactly one of region_level, hosts"
                      f"（中心层级须且只能对应区划层级或驻在单位类型之一）")
        if region_level is not None and region_level not in REGION_LEVELS:
            bad(here, f"service_centres level {x['code']}: region_level must be one of {', '.join(REGION_LEVELS)}")
        if x["source"] not in sources:
            bad(here, f"service_centres level {x['code']}: unknown source {x['source']!r}")
        area = x.get("min_area_m2")
        levels.append(CentreLevel(
            code=x["code"], label=x["label"], region_level=region_level, hosts=hosts,
            urban_only=bool(x.get("urban_only")), streets_only=bool(x.get("streets_only")),
            per_region=x.get("per_region"), min_area_m2=None if area is None else Decimal(str(area)),
            site=x.get("site", SITE_SHARED), cited=_cited(x)))
    stations = part.get("tourist_stations", {"min": 0, "max": 0})
    if stations["min"] > stations["max"]:
        bad([*where, "tourist_stations"], "service_centres.tourist_stations: min is above max（驿站下限高于上限）")
    if problems:
        return None
    checklist = checklists[part["checklist"]]
    staff, rules = part.get("staff", {"min": 0}), part.get("rules", {"required": False})
    return CentreRules(
        cited=_cited(part), checklist=part["checklist"], items=tuple(checklist["items"]), levels=tuple(levels),
        max_area_m2=Decimal(str(part.get("max_area_m2", 100000))), max_staff=part.get("max_staff", 500),
        staff_min=staff["min"], staff_cited=_cited({**part, **staff}),
        rules_required=bool(rules.get("required")), rules_cited=_cited({**part, **rules}),
        stations_min=stations["min"], stations_max=stations["max"], stations_cited=_cited({**part, **stations}))


def compile_platform_rules(data: dict, sources: dict, problem) -> PlatformRules | None:
    """The rules of a (schema-valid) `platform_rating`, or None without one; reports a criterion given twice, an
    unknown source, a rating level that is not a region level, grade bands not falling or not ending at 0."""
    part = data.get("platform_rating")
    if not part:
        return None
    where, problems = ["platform_rating"], 0

    def bad(location, message):
        nonlocal problems
        problems += 1
        problem(location, message)

    if part.get("rated_by", "city") not in REGION_LEVELS:
        bad(where, f"platform_rating.rated_by must be one of {', '.join(REGION_LEVELS)}")
    criteria: list[PlatformCriterion] = []
    for j, c in enumerate(part["criteria"]):
        if any(x.code == c["code"] for x in criteria):
            bad([*where, "criteria", j], f"platform_rating criterion {c['code']} is given twice（评级指标重复）")
        if c["source"] not in sources:
            bad([*where, "criteria", j], f"platform_rating criterion {c['code']}: unknown source {c['source']!r}")
        criteria.append(PlatformCriterion(code=c["code"], label=c["label"], max_points=Decimal(str(c["max_points"])),
                                          weight=Decimal(str(c.get("weight", 1))), cited=_cited(c)))
    grades = [{**g, "min": Decimal(str(g["min"]))} for g in part["grades"]]
    if [g["min"] for g in grades] != sorted((g["min"] for g in grades), reverse=True) or grades[-1]["min"] != 0:
        bad([*where, "grades"],
            "platform_rating.grades: bands must fall and the last start at 0（等次须由高到低且最低为0）")
    if part.get("grades_source", part["source"]) not in sources:
        bad([*where, "grades_source"], f"platform_rating: unknown source {part['grades_source']!r}")
    if problems:
        return None
    return PlatformRules(cited=_cited(part), rated_by=part.get("rated_by", "city"), criteria=tuple(criteria),
                         grades=tuple(grades), grades_source=part.get("grades_source", part["source"]),
                         model_site_levels=tuple(part.get("model_site_levels", ())))
