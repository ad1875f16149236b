"""The plain evaluator: one organisation (a dict of facts) at a time, in plain Python, with an explanation.

Semantics shared with `vectorised` (and tested against it): arithmetic and comparisons with a missing operand are
missing; division by zero and non-finite results are missing; and / or / not follow three-valued (Kleene) logic;
a missing result takes the criterion's missing-value strategy, so a missing figure is never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guifan.assessment.engine.verdicts import (
    FAIL,
    MISSING_VERDICT,
    NOT_REPORTED,
    PASS,
    VERDICT_LABELS,
    VERDICTS,
    gap_of,
    rollup_measures,
    row_applies,
    stars_of,
)
from guifan.standards.expressions import nodes as n
from guifan.standards.expressions.evaluate import value


@dataclass
class CriterionResult:
    criterion: object
    verdict: str
    actual: float | None = None
    threshold: float | None = None
    gap: float | None = None
    facts: dict = field(default_factory=dict)

    def explain(self, lang: str = "zh") -> str:
        """One sentence a township official can act on: what was checked, the figures read, the verdict."""
        c = self.criterion
        label = VERDICT_LABELS[self.verdict][lang]
        read = ", ".join(f"{k}={'—' if v is None else _fmt(v)}" for k, v in sorted(self.facts.items()))
        figures = ""
        if self.actual is not None or self.threshold is not None:
            word = ("实际", "标准", "差距") if lang == "zh" else ("actual", "threshold", "gap")
            figures = f"; {word[0]} {_fmt(self.actual)}, {word[1]} {_fmt(self.threshold)}"
            if self.gap is not None and self.verdict == "fail":
                figures += f", {word[2]} {_fmt(self.gap)}"
        text = f"[{c.id} {'/'.join(c.spec)}] {c.title[lang]}: {label} ({c.text}; {read}{figures})"
        if self.verdict in ("fail", "not_reported"):
            text += (" — 建议：" if lang == "zh" else " — advice: ") + c.advice[lang]
        return text


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def judge(criterion, row: dict, aggregates: dict | None = None, children: int | None = None,
          unreported: int = 0) -> CriterionResult:
    """The verdict of one criterion for one organisation (or, with aggregates, for one region of `children` judged
    children and `unreported` children whose deciding figure is missing: any of those makes it not reported)."""
    applies = criterion.applies
    missing = VERDICTS[MISSING_VERDICT[criterion.missing]]
    if children is not None:
        if children == 0 and not unreported:
            return CriterionResult(criterion, "not_applicable")
    elif not row_applies(applies, row):
        return CriterionResult(criterion, "not_applicable")
    facts = {} if children is not None else {c: row.get(c) for c in n.names(criterion.check) | _names(applies.when)}
    verdict = VERDICTS[NOT_REPORTED] if unreported else None
    if applies.when is not None:
        condition = value(applies.when, row)
        if condition is False:
            return CriterionResult(criterion, "not_applicable", facts=facts)
        if condition is None:
            verdict = missing  # whether it applies is itself unknown: never a pass
    result = value(criterion.check, row, aggregates)
    actual = _number(value(criterion.actual, row, aggregates))
    threshold = _number(value(criterion.threshold, row, aggregates))
    if verdict is None:
        verdict = missing if result is None else VERDICTS[PASS if result else FAIL]
    return CriterionResult(criterion, verdict, actual, threshold, gap_of(criterion.gap, actual, threshold), facts)


def _names(node) -> set[str]:
    return n.names(node) if node is not None else set()


def _number(v):
    return v if isinstance(v, float) else None


@dataclass
class OrganisationResult:
    id: str
    results: list[CriterionResult]
    pillar_scores: dict[str, float | None]
    total: float | None
    stars: int | None
    rectification: bool | None


def assess_organisation(pack, row: dict) -> OrganisationResult:
    """Every organisation-level criterion of the pack for one row, then pillar scores, total and stars."""
    results = [judge(c, row) for c in pack.organisation_criteria]
    pillar_scores, total, stars = score(pack, results)
    rectification = None if stars is None else stars <= pack.rectification["max_stars"]
    return OrganisationResult(str(row.get("id")), results, pillar_scores, total, stars, rectification)


def score(pack, results: list[CriterionResult]):
    """Per pillar: passed weight / judged weight × scale; total: pillar-weighted mean; stars by band."""
    scale = float(pack.scoring["scale"])
    pillar_scores = {}
    for pillar in pack.pillars:
        passed = judged = None
        for r in results:
            if r.criterion.pillar != pillar or r.verdict == "not_applicable":
                continue
            w = r.criterion.weight
            gained = w if r.verdict == "pass" else 0.0
            passed = gained if passed is None else passed + gained
            judged = w if judged is None else judged + w
        pillar_scores[pillar] = None if not judged else passed / judged * scale
    weighted = weights = None
    for pillar, spec in pack.pillars.items():
        s = pillar_scores[pillar]
        if s is None:
            continue
        pw = float(spec.get("weight", 1))
        weighted = pw * s if weighted is None else weighted + pw * s
        weights = pw if weights is None else weights + pw
    total = None if not weights else weighted / weights
    return pillar_scores, total, stars_of(pack.star_bands, total)


def assess_regions(pack, rows: list[dict], org_results: list[OrganisationResult]) -> list[dict]:
    """Every roll-up criterion for every region code present at its level, naively, child by child."""
    by_id = {r.id: r for r in org_results}
    enriched = [{**row, "stars": _float(by_id[str(row["id"])].stars), "score": by_id[str(row["id"])].total}
                for row in rows]
    out = []
    for criterion in pack.rollup_criteria:
        level = criterion.applies.level
        groups: dict[str, list[dict]] = {}
        for row in enriched:
            if row.get(level) is not None:
                groups.setdefault(row[level], []).append(row)
        for code, members in groups.items():
            children, unreported = _children(criterion, members)
            aggregates = {a.slot: None if unreported else aggregate(a, children)
                          for a in n.aggregates(criterion.check)}
            result = judge(criterion, {}, aggregates, children=len(children), unreported=unreported)
            out.append({"level": level, "code": code, "criterion": criterion.id, "children": len(children),
                        "verdict": result.verdict, "actual": result.actual, "threshold": result.threshold,
                        "gap": result.gap, "missing": unreported})
    return out


def _children(criterion, members: list[dict]) -> tuple[list[dict], int]:
    """The children a roll-up judges (its filter true), and how many children lack a deciding figure: the filter
    itself, or (once in) an argument of its share/count/sum/ratio."""
    applies, measures = criterion.applies, rollup_measures(criterion)
    children, unreported = [], 0
    for row in members:
        if not row_applies(applies, row):
            continue
        where = True if applies.where is None else value(applies.where, row)
        if where is None:
            unreported += 1
        elif where is True:
            children.append(row)
            unreported += any(value(m, row) is None for m in measures)
    return children, unreported


def _float(v):
    return None if v is None else float(v)


def aggregate(node: n.Aggregate, children: list[dict]):
    """share / count over yes/no, sum / ratio over numbers, of children that all reported (see `_children`)."""
    if node.function in ("share", "count"):
        if not node.args:
            return float(len(children))
        hits = float(sum(1 for child in children if value(node.args[0], child) is True))
        if node.function == "count":
            return hits
        return hits / len(children) if children else None
    sums = [float(sum(value(arg, child) for child in children)) for arg in node.args]
    if node.function == "sum":
        return sums[0]
    numerator, denominator = sums
    return None if denominator == 0 else numerator / denominator
