"""What-if: the same figures judged against a changed standard, compared with the standard as published.

Overrides are data: {criterion id: {"threshold": number}} replaces the right-hand side of the criterion's
comparison (secretary_training_hours >= 56 becomes >= 60); {criterion id: {"check": "expression"}} replaces the whole
check, parsed and type-checked like the pack's own text. Written on the command line as
`CRITERION_ID.threshold=60` or `CRITERION_ID.check="secretary_training_hours >= 60"`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import polars as pl
from django.utils.translation import gettext as _

from guifan.assessment.engine import vectorised
from guifan.assessment.engine.verdicts import VERDICTS
from guifan.standards.expressions import nodes as n
from guifan.standards.expressions.parser import ExpressionError, NameTable, parse_expression
from guifan.standards.pack import _measure

KEYS = ("threshold", "check")


class OverrideError(ValueError):
    """An override the engine cannot apply; the message names the criterion."""


def parse_assignment(text: str) -> tuple[str, str, object]:
    """"R-TEAM-secretary-training.threshold=60" → (criterion id, "threshold", 60.0)."""
    target, sep, raw = text.partition("=")
    criterion_id, dot, key = target.strip().rpartition(".")
    if not sep or not dot or key not in KEYS:
        raise OverrideError(_("%(text)r: write CRITERION_ID.threshold=NUMBER or CRITERION_ID.check=EXPRESSION")
                            % {"text": text})
    raw = raw.strip().strip('"').strip("'")
    if key == "threshold":
        try:
            return criterion_id, key, float(raw)
        except ValueError:
            raise OverrideError(_("%(id)s: threshold %(raw)r is not a number")
                                % {"id": criterion_id, "raw": raw}) from None
    return criterion_id, key, raw


def overrides_from(assignments: list[str]) -> dict:
    overrides: dict[str, dict] = {}
    for text in assignments:
        criterion_id, key, value = parse_assignment(text)
        overrides.setdefault(criterion_id, {})[key] = value
    return overrides


def name_table(pack) -> NameTable:
    return NameTable(facts={code: f.value_type for code, f in pack.facts.items()}, constants=pack.constants,
                     enum_values={code: f.values for code, f in pack.facts.items() if f.type == "enum"})


def _changed(pack, criterion, change: dict):
    if set(change) - set(KEYS) or not change:
        raise OverrideError(_("%(id)s: an override sets 'threshold' or 'check'") % {"id": criterion.id})
    check = criterion.check
    text = criterion.text
    if "check" in change:
        try:
            check = parse_expression(str(change["check"]), name_table(pack), rollup=criterion.is_rollup)
        except ExpressionError as exc:
            raise OverrideError(str(exc)) from None
        if criterion.is_rollup and not n.aggregates(check):
            raise OverrideError(_("a criterion judged over a region needs share(), count(), sum() or ratio()"))
        text = str(change["check"])
    if "threshold" in change:
        if not isinstance(check, n.Compare) or check.left.type != n.NUMBER:
            raise OverrideError(_("this criterion is not judged against a number: change its check, not a threshold"))
        value = float(change["threshold"])
        check = dataclasses.replace(check, right=n.Number(n.NUMBER, value))
        text = f"{text.rsplit(check.op, 1)[0].strip()} {check.op} {value:g}"
    actual, threshold, gap = _measure(check)
    return dataclasses.replace(criterion, check=check, text=text, actual=actual, threshold=threshold, gap=gap,
                               checklist=None)


def apply_overrides(pack, overrides: dict):
    """A copy of `pack` with the overridden criteria; the pack itself is not touched."""
    known = {c.id for c in pack.criteria}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise OverrideError(_("unknown criterion %(ids)s in pack %(pack)s %(version)s")
                            % {"ids": ", ".join(unknown), "pack": pack.id, "version": pack.version})
    criteria = [_changed(pack, c, overrides[c.id]) if c.id in overrides else c for c in pack.criteria]
    return dataclasses.replace(pack, criteria=criteria)


@dataclasses.dataclass
class Comparison:
    criteria: list[str]
    counties: list[dict]  # {"code", "changed", "to_pass", "to_fail", "stars_changed", "judged"}
    changes: list[dict]  # one per (organisation, criterion) whose verdict changed
    stars_changed: int
    regions: list[dict]  # roll-up verdicts that changed


def compare(pack, frame: pl.DataFrame, overrides: dict) -> Comparison:
    """Judge `frame` with and without the overrides; what changed, per county and organisation."""
    changed_pack = apply_overrides(pack, overrides)
    before = vectorised.assess(pack, frame)
    after = vectorised.assess(changed_pack, frame)
    ids = [c.id for c in pack.organisation_criteria if c.id in overrides]
    b, a = before.organisations, after.organisations
    base = frame.select("id", "county").with_columns(
        b["stars"].alias("stars_before"), a["stars"].alias("stars_after"))
    changes, per_county = [], defaultdict(lambda: {"changed": 0, "to_pass": 0, "to_fail": 0, "judged": 0,
                                                   "stars_changed": 0})
    changed_orgs: dict[str, set] = defaultdict(set)
    for cid in ids:
        part = base.with_columns(b[f"{cid}|v"].alias("before"), a[f"{cid}|v"].alias("after"),
                                 a[f"{cid}|a"].alias("actual"), a[f"{cid}|t"].alias("threshold"),
                                 b[f"{cid}|t"].alias("threshold_before"))
        for row in part.filter(pl.col("after") != 3).group_by("county").len().iter_rows():
            per_county[row[0]]["judged"] += row[1]
        for row in part.filter(pl.col("before") != pl.col("after")).sort("id").iter_rows(named=True):
            before_v, after_v = VERDICTS[row["before"]], VERDICTS[row["after"]]
            changes.append({**row, "criterion": cid, "before": before_v, "after": after_v})
            county = per_county[row["county"]]
            county["changed"] += 1
            county["to_pass"] += after_v == "pass"
            county["to_fail"] += after_v == "fail"
            changed_orgs[row["county"]].add(row["id"])
    moved = base.filter(pl.col("stars_before").ne_missing(pl.col("stars_after")))
    for row in moved.group_by("county").len().iter_rows():
        per_county[row[0]]["stars_changed"] += row[1]
    counties = [{"code": code, **counts, "organisations": len(changed_orgs[code])}
                for code, counts in sorted(per_county.items(), key=lambda kv: str(kv[0]))]
    keys = ["level", "code", "criterion"]
    regions = (before.regions.join(after.regions, on=keys, suffix="_after")
               .filter(pl.col("criterion").is_in(list(overrides))
                       & (pl.col("verdict") != pl.col("verdict_after"))).sort(keys).to_dicts())
    return Comparison(criteria=list(overrides), counties=counties, changes=changes, stars_changed=moved.height,
                      regions=regions)
