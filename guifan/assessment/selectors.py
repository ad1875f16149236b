"""Read-only queries for the assessment pages; every row comes through the user's Scope."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guifan.accounts.scope import Scope
from guifan.assessment.engine import plain
from guifan.assessment.engine.verdicts import rollup_reads
from guifan.assessment.frame import build_frame
from guifan.assessment.models import AssessmentRun, OrganisationResult, RegionResult
from guifan.assessment.results import pillar_rates
from guifan.assessment.wording import Wording, word

LAGGING = 20
_PACKS: dict[str, object] = {}


def pack_of(version):
    """The parsed pack of a stored version, parsed once per process (a version's text never changes)."""
    pack = _PACKS.get(version.checksum)
    if pack is None:
        pack = _PACKS[version.checksum] = version.pack()
    return pack


def official_run(run_pk=None, year=None) -> AssessmentRun | None:
    """An official finished run by key, else the latest one (of `year` when given)."""
    runs = AssessmentRun.objects.official().select_related("pack_version")
    if run_pk:
        return runs.filter(pk=run_pk).first()
    if year:
        runs = runs.filter(year=year)
    return runs.first()


def official_runs():
    return AssessmentRun.objects.official().select_related("pack_version")


@dataclass
class CriterionLine:
    criterion: object
    verdict: str
    actual: float | None
    threshold: float | None
    gap: float | None
    explanation: str = ""
    facts: dict = field(default_factory=dict)
    agrees: bool | None = None  # the plain evaluator's verdict on today's figures equals the stored one
    words: Wording | None = None  # what the report says of it (guifan.assessment.wording)
    meetings: list = field(default_factory=list)  # missed periods, meetings that did not count (meeting_notes)
    records: list = field(default_factory=list)  # the member-status records behind the figure (status_notes)
    recruitment: list = field(default_factory=list)  # the recruitment files behind the figure (recruitment_notes)
    register: list = field(default_factory=list)  # the admissions or dues records behind the figure (record_notes)


@dataclass
class PillarBlock:
    id: str
    title: dict
    score: float | None
    lines: list[CriterionLine]


def organisation_result(scope: Scope, org, run: AssessmentRun) -> OrganisationResult | None:
    if not scope.organisations().filter(pk=org.pk).exists():
        return None
    return OrganisationResult.objects.filter(run=run, organisation=org).first()


def facts_row(run: AssessmentRun, org) -> dict | None:
    """Today's figures of one organisation as the engine reads them: its row of `build_frame`, built the same way
    as the run's (reading its own reports only); None if it is no longer judged that year."""
    rows = build_frame(pack_of(run.pack_version), run.year, approved_only=run.approved_only, organisation=org)
    return rows.to_dicts()[0] if rows.height else None


def checkup_report(run: AssessmentRun, result: OrganisationResult, row: dict | None, lang: str) -> list[PillarBlock]:
    """The stored verdicts grouped by pillar, each re-explained by the plain evaluator for this organisation."""
    pack = pack_of(run.pack_version)
    explained = {r.criterion.id: r for r in plain.assess_organisation(pack, row).results} if row else {}
    blocks = {p: PillarBlock(p, spec["title"], result.pillar_scores.get(p), []) for p, spec in pack.pillars.items()}
    for c in pack.organisation_criteria:
        stored = result.verdicts.get(c.id)
        if stored is None:
            continue
        verdict, actual, threshold, gap = stored
        line = CriterionLine(c, verdict, actual, threshold, gap)
        again = explained.get(c.id)
        if again is not None:
            line.explanation = again.explain(lang)
            line.facts = again.facts
            line.agrees = again.verdict == verdict and all(
                _same(x, y) for x, y in ((again.actual, actual), (again.threshold, threshold), (again.gap, gap)))
        line.words = word(pack, line, lang)
        blocks[c.pillar].lines.append(line)
    order = {"fail": 0, "not_reported": 1, "pass": 2}
    for block in blocks.values():
        block.lines.sort(key=lambda x: order.get(x.verdict, 3))
    return [b for b in blocks.values() if b.lines]


def _same(x, y) -> bool:
    return x is None and y is None or (x is not None and y is not None and math.isclose(x, y, rel_tol=1e-12))


def region_result(scope: Scope, region, run: AssessmentRun) -> RegionResult | None:
    if not scope.covers_region(region):
        return None
    return RegionResult.objects.filter(run=run, region=region, level=region.level).first()


def criterion_rates(run: AssessmentRun, result: RegionResult) -> list[dict]:
    """Pass rate of every criterion judged in the region, weakest first (rate = passed / judged, summed)."""
    pack = pack_of(run.pack_version)
    rows = []
    for c in pack.organisation_criteria:
        passed, judged = result.criteria.get(c.id, (0, 0))
        if judged:
            rows.append({"criterion": c, "passed": passed, "judged": judged, "failed": judged - passed,
                         "rate": passed / judged})
    rows.sort(key=lambda r: (r["rate"], -r["judged"], r["criterion"].id))
    return rows


def pillar_lines(run: AssessmentRun, result: RegionResult) -> list[dict]:
    pack = pack_of(run.pack_version)
    rates = pillar_rates(pack, result.criteria)
    return [{"id": p, "title": spec["title"], "passed": rates[p][0], "judged": rates[p][1],
             "rate": rates[p][0] / rates[p][1] if rates[p][1] else None} for p, spec in pack.pillars.items()]


def star_bars(run: AssessmentRun, stars: dict) -> list[dict]:
    pack = pack_of(run.pack_version)
    total = sum(stars.values()) or 1
    return [{"stars": b["stars"], "label": b["label"], "count": stars.get(str(b["stars"]), 0),
             "share": stars.get(str(b["stars"]), 0) / total} for b in pack.star_bands]


def rollup_lines(run: AssessmentRun, result: RegionResult) -> list[dict]:
    """The region's roll-up verdicts; `missing`: units whose deciding figure (one of `figures`) was not reported."""
    pack = pack_of(run.pack_version)
    by_id = {c.id: c for c in pack.rollup_criteria}
    return [{"criterion": by_id[cid], "verdict": v[0], "actual": v[1], "threshold": v[2], "gap": v[3],
             "children": v[4], "missing": v[5] if len(v) > 5 else 0, "figures": _figure_labels(pack, by_id[cid])}
            for cid, v in sorted(result.rollups.items()) if cid in by_id]


def _figure_labels(pack, criterion) -> list[dict]:
    stars, score = _("star level"), _("total score")
    results = {"stars": {"zh": stars, "en": stars}, "score": {"zh": score, "en": score}}
    return [pack.facts[code].label if code in pack.facts else results.get(code, {"zh": code, "en": code})
            for code in rollup_reads(criterion)]


def lagging_organisations(scope: Scope, region, run: AssessmentRun, limit: int = LAGGING):
    """The lowest totals in the region (rectification candidates first), within the scope. A scope that covers the
    region covers its whole subtree: then the region's path alone filters, and the run's results are read in the
    order of their index until `limit` are found, instead of sorting the whole city's."""
    results = OrganisationResult.objects.filter(run=run, total__isnull=False,
                                                organisation__region__path__startswith=region.path)
    if not scope.covers_region(region):
        results = results.filter(organisation__in=scope.organisations())
    return list(results.select_related("organisation", "organisation__region")
                .order_by("-rectification", "total", "organisation_id")[:limit])


def child_rows(scope: Scope, region, run: AssessmentRun) -> list[dict]:
    children = scope.regions(region.children.all()).order_by("code")
    results = {r.region_id: r for r in RegionResult.objects.filter(run=run, region__in=children)}
    rows = []
    for child in children:
        result = results.get(child.pk)
        if result is None:
            continue
        passed = sum(p for p, _j in result.criteria.values())
        judged = sum(j for _p, j in result.criteria.values())
        rows.append({"region": child, "result": result, "passed": passed, "judged": judged,
                     "rate": passed / judged if judged else None})
    return rows
