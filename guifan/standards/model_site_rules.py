"""Model sites of standardisation (规范化建设示范点, SPEC M02; M17's county/township/village model sites may reuse it)
as a pack states them: a top-level `model_sites:` section.

"制定各类基层党组织的创建标准……在全市分级按类评定100个基层组织规范化建设示范点": a creation standard per kind
(one per domain: rural, urban, two-new, agency, SOE), each naming the criteria an organisation must pass in the
year's official assessment, the lowest star level and the extra conditions (not a rectification candidate, its
secretary in post); the grades (市级、县级、乡级示范点), each with an optional higher star level; the quotas per kind
and grade, adding up to the city's total (100); and the steps (the township or the county nominates, the county
reviews, the city selects and publishes) with the region levels that take them. guifan.modelsites applies them;
nothing there knows a criterion, a star level or a quota.
"""

from __future__ import annotations

from dataclasses import dataclass

from guifan.core.vocabulary import DOMAINS, REGION_LEVELS

STEP_CODES = ("nominate", "review", "select", "publish")
# Extra conditions a kind may name; each is read from stored data only (guifan.modelsites.checks).
CONDITIONS = ("not_rectification_candidate", "secretary_in_post")


@dataclass(frozen=True)
class Grade:
    code: str
    label: dict
    min_stars: int | None = None  # a grade may ask more stars than the kind's standard


@dataclass(frozen=True)
class Kind:
    domain: str
    label: dict
    must_pass: tuple[str, ...]
    min_stars: int
    conditions: tuple[str, ...]
    quotas: dict  # {grade code: number of model sites}
    source: str
    spec: tuple[str, ...]
    quote: str

    def quota(self, grade: str) -> int:
        return int(self.quotas.get(grade, 0))

    @property
    def total(self) -> int:
        return sum(self.quotas.values())


@dataclass(frozen=True)
class Step:
    code: str
    levels: tuple[str, ...]  # the region levels that take the step
    label: dict


@dataclass(frozen=True)
class ModelSiteRules:
    source: str
    spec: tuple[str, ...]
    quote: str
    total: int
    grades: tuple[Grade, ...]
    kinds: tuple[Kind, ...]
    steps: tuple[Step, ...]

    def kind(self, domain: str) -> Kind | None:
        return next((k for k in self.kinds if k.domain == domain), None)

    def grade(self, code: str) -> Grade | None:
        return next((g for g in self.grades if g.code == code), None)

    def step(self, code: str) -> Step:
        return next(s for s in self.steps if s.code == code)

    def levels(self, code: str) -> tuple[str, ...]:
        return self.step(code).levels

    def min_stars(self, kind: Kind, grade: str | None = None) -> int:
        """The lowest star level of a kind, raised by the grade's own when it asks more."""
        g = self.grade(grade) if grade else None
        return max(kind.min_stars, (g.min_stars or 0) if g else 0)


def compile_model_site_rules(data: dict, star_levels: list[int], criteria: dict, sources: dict,
                             problem) -> ModelSiteRules | None:
    """The rules of a pack's `model_sites:` (None when absent), reporting through `problem(location, message)` an
    unknown source, a missing quote, a step missing or given twice or taken by a level that is not a region level, a
    grade given twice, a kind whose domain is unknown or given twice, a criterion unknown, judged above the
    organisation or not applying to the kind's domain, a star level that is no band's, an unknown condition, a quota
    of an unknown grade, and quotas that do not add up to the total."""
    part = data.get("model_sites")
    if part is None:
        return None
    where = ["model_sites"]
    count = 0

    def bad(location, message):
        nonlocal count
        count += 1
        problem(location, message)

    if part.get("source") not in sources:
        bad(where, f"model_sites: source {part.get('source')!r} is not one of the pack's sources"
                   f"（示范点的依据不在 sources 中）")
    if not part.get("quote"):
        bad(where, "model_sites: quote the plan's sentence（示范点须引用方案原文）")
    steps = []
    for i, s in enumerate(part.get("steps") or []):
        here = [*where, "steps", i]
        levels = s.get("levels") or ([s["level"]] if s.get("level") else [])
        if s.get("code") not in STEP_CODES or not isinstance(s.get("label"), dict):
            bad(here, f"model_sites: a step needs a code ({', '.join(STEP_CODES)}) and a label"
                      f"（步骤须有代码和名称）")
            continue
        if not levels or any(x not in REGION_LEVELS for x in levels):
            bad(here, f"model_sites: step {s['code']}: levels must be among {', '.join(REGION_LEVELS)}"
                      f"（步骤 {s['code']} 的层级须为市、县（区）或乡镇）")
            continue
        if any(x.code == s["code"] for x in steps):
            bad(here, f"model_sites: step {s['code']} is given twice（步骤 {s['code']} 重复）")
        steps.append(Step(code=s["code"], levels=tuple(levels), label=s["label"]))
    missing = [c for c in STEP_CODES if not any(s.code == c for s in steps)]
    if missing:
        bad([*where, "steps"], f"model_sites: steps {', '.join(missing)} are missing（缺少步骤 {', '.join(missing)}）")
    grades = []
    for i, g in enumerate(part.get("grades") or []):
        here = [*where, "grades", i]
        if any(x.code == g.get("code") for x in grades):
            bad(here, f"model_sites: grade {g.get('code')} is given twice（示范点等级 {g.get('code')} 重复）")
        if g.get("min_stars") is not None and g["min_stars"] not in star_levels:
            bad(here, f"model_sites: grade {g.get('code')}: min_stars is not a star level（星级不在星级档次中）")
        grades.append(Grade(code=g["code"], label=g["label"], min_stars=g.get("min_stars")))
    if not grades:
        bad([*where, "grades"], "model_sites: at least one grade is needed（至少要有一个示范点等级）")
    codes = {g.code for g in grades}
    kinds = []
    for i, k in enumerate(part.get("kinds") or []):
        here = [*where, "kinds", i]
        domain = k.get("domain")
        if domain not in DOMAINS:
            bad(here, f"model_sites: kind {domain!r}: the domain is not one of {', '.join(DOMAINS)}"
                      f"（示范点类别的领域须为 {'、'.join(DOMAINS)}）")
            continue
        if any(x.domain == domain for x in kinds):
            bad(here, f"model_sites: kind {domain} is given twice（示范点类别 {domain} 重复）")
        for c in k.get("must_pass", ()):
            criterion = criteria.get(c)
            applies = (criterion or {}).get("applies") or {}
            if criterion is None:
                bad(here, f"model_sites: kind {domain}: unknown criterion {c}（指标 {c} 未定义）")
            elif applies.get("level", "organisation") != "organisation":
                bad(here, f"model_sites: kind {domain}: {c} is judged for a region, not an organisation"
                          f"（指标 {c} 不是对党组织的评判）")
            elif applies.get("domains") and domain not in applies["domains"]:
                bad(here, f"model_sites: kind {domain}: {c} does not apply to the domain"
                          f"（指标 {c} 不适用于该领域）")
        if k.get("min_stars") not in star_levels:
            bad(here, f"model_sites: kind {domain}: min_stars is not a star level（星级不在星级档次中）")
        unknown = [c for c in k.get("conditions", ()) if c not in CONDITIONS]
        if unknown:
            bad(here, f"model_sites: kind {domain}: unknown conditions {', '.join(unknown)}; known: "
                      f"{', '.join(CONDITIONS)}（创建条件 {', '.join(unknown)} 未定义）")
        quotas = k.get("quotas") or {}
        strange = [g for g in quotas if g not in codes]
        if strange or any(not isinstance(v, int) or v < 0 for v in quotas.values()):
            bad(here, f"model_sites: kind {domain}: quotas must be whole numbers of the grades "
                      f"{', '.join(sorted(codes))}（名额须为各示范点等级的非负整数）")
        if k.get("source", part.get("source")) not in sources:
            bad(here, f"model_sites: kind {domain}: unknown source")
        kinds.append(Kind(domain=domain, label=k["label"], must_pass=tuple(k.get("must_pass", ())),
                          min_stars=k.get("min_stars", 0), conditions=tuple(k.get("conditions", ())),
                          quotas=dict(quotas), source=k.get("source", part.get("source")),
                          spec=tuple(k.get("spec", part.get("spec", ()))), quote=k.get("quote", "")))
    total = part.get("total")
    if not isinstance(total, int) or total <= 0:
        bad([*where, "total"], "model_sites: total must be a positive whole number（示范点总数须为正整数）")
    elif not count and sum(k.total for k in kinds) != total:
        bad([*where, "total"], f"model_sites: the quotas add up to {sum(k.total for k in kinds)}, not {total}"
                               f"（各类别名额合计 {sum(k.total for k in kinds)} 个，与总数 {total} 个不符）")
    if count:
        return None
    return ModelSiteRules(source=part["source"], spec=tuple(part.get("spec", ())), quote=part["quote"], total=total,
                          grades=tuple(grades), kinds=tuple(kinds), steps=tuple(steps))
