"""The engine's input frame from the facts store: one row per organisation, one per uncovered host unit.

`build_frame(pack, year)` reads each active organisation's FactReport for the year (reported `values`, the year's
value of each quarterly or monthly fact aggregated from its sub-year reports as the pack says, then the register's
`derived` values on top), adds a `kind: none` row for every open host unit that a coverage criterion of
the pack (`applies.kinds` with `none`) needs and that hosts no organisation, and returns exactly
`guifan.assessment.engine.frames.frame_schema(pack)`. `input_hash(frame)` is the SHA-256 of the sorted frame.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl
from django.db.models.fields.json import KT

from guifan.assessment.engine.frames import convert, frame_schema
from guifan.facts.derived import Deriver, region_figures
from guifan.facts.models import FactReport, Period
from guifan.facts.register import load_register
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.pack import NO_ORGANISATION

ROW_COLUMNS = ("id", "domain", "kind", "host_kind", "primary", "township", "county", "city")


def coverage_hosts(pack) -> set[str]:
    """Host-unit kinds that criteria judging units without an organisation (kind `none`) look at."""
    hosts: set[str] = set()
    for c in pack.criteria:
        kinds = c.applies.kinds
        if kinds and NO_ORGANISATION in kinds:
            if c.applies.hosts:
                hosts.update(c.applies.hosts)
            else:
                domains = c.applies.domains or ("R", "U", "N", "A", "S")
                hosts.update(k for k, d in HostUnit.DOMAIN_OF_KIND.items() if d in domains)
    return hosts


def _period(year: int) -> Period:
    return Period.objects.filter(code=str(year)).first() or Period(
        code=str(year), year=year, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def build_frame(pack, year: int, *, approved_only: bool = False, region=None) -> pl.DataFrame:
    period = _period(year)
    reg = load_register(period.start, period.end, region, members=False)
    orgs = [o for o in reg.active_orgs() if o["kind"] != Organisation.Kind.GROUP]
    reports = FactReport.objects.filter(period__code=str(year), period__kind=Period.Kind.YEARLY)
    if region is not None:
        reports = reports.filter(organisation__region__path__startswith=region.path)
    yearly_codes = {f.code for f in pack.reported_facts(Period.Kind.YEARLY)}
    stored = {org_id: ({c: v for c, v in values.items() if c in yearly_codes}
                       if (state == FactReport.State.APPROVED or not approved_only) else {}, derived)
              for org_id, values, derived, state in reports.values_list("organisation_id", "values", "derived",
                                                                        "state")}
    sub_year = sub_year_values(pack, year, approved_only=approved_only, region=region)
    rows = []
    for org in orgs:
        unit = reg.units.get(org["host_unit_id"])
        parent = reg.orgs.get(org["parent_id"])
        values, derived = stored.get(org["pk"], ({}, {}))
        row = {**values, **sub_year.get(org["pk"], {}), **derived}
        row.update(id=f"org-{org['pk']}", domain=org["domain"], kind=org["kind"],
                   host_kind=unit["kind"] if unit else None,
                   primary=parent is None or parent["host_unit_id"] != org["host_unit_id"],
                   **reg.region_codes(org["region_id"]))
        rows.append(row)
    hosts = coverage_hosts(pack)
    if hosts:
        period_row = period if period.pk else None
        deriver = Deriver(pack, period, reg, region_figures(period_row) if period_row else {})
        active_hosting = {o["host_unit_id"] for o in orgs}
        for unit in reg.units.values():
            if unit["kind"] in hosts and unit["pk"] not in active_hosting and reg.unit_open(unit):
                row = deriver.unit(unit)
                row.update(id=f"unit-{unit['pk']}", domain=HostUnit.DOMAIN_OF_KIND[unit["kind"]],
                           kind=NO_ORGANISATION, host_kind=unit["kind"], primary=True,
                           **reg.region_codes(unit["region_id"]))
                rows.append(row)
    return _to_frame(pack, rows)


AGGREGATES = {
    "sum": sum, "min": min, "max": max, "last": lambda values: values[-1],
    "mean": lambda values: sum(values) / len(values), "any": any, "all": all,
}


def sub_year_values(pack, year: int, *, approved_only: bool = False, region=None) -> dict[int, dict]:
    """{organisation id: {fact code: the year's value}} of the pack's quarterly and monthly facts: each fact's values
    in the reports of its frequency, in period order, made one by the fact's `aggregate` (sum, mean, min, max, last,
    any, all). Periods an organisation did not report (or, with `approved_only`, whose report is not approved) add
    nothing; a fact with no value in any period stays missing."""
    facts = [f for f in pack.reported_facts(None) if f.frequency != Period.Kind.YEARLY]
    if not facts:
        return {}
    reports = FactReport.objects.filter(period__year=year, period__kind__in={f.frequency for f in facts})
    if approved_only:
        reports = reports.filter(state=FactReport.State.APPROVED)
    if region is not None:
        reports = reports.filter(organisation__region__path__startswith=region.path)
    # Only these facts' values, as text from the database's JSON functions: decoding 150,000 whole documents in
    # Python took most of the frame's time.
    fields = {f"fact_{i}": KT(f"values__{f.code}") for i, f in enumerate(facts)}
    rows = (reports.order_by("period__start").annotate(**fields)
            .values_list("organisation_id", "period__kind", *fields))
    collected: dict[int, dict[str, list]] = {}
    for org_id, kind, *raw in rows:
        lists = collected.setdefault(org_id, {})
        for fact, text in zip(facts, raw, strict=True):
            value = _typed(fact, text) if fact.frequency == kind else None
            if value is not None:
                lists.setdefault(fact.code, []).append(value)
    aggregate = {f.code: AGGREGATES[f.aggregate] for f in facts}
    return {org_id: {code: aggregate[code](values) for code, values in lists.items()}
            for org_id, lists in collected.items()}


def _typed(fact, raw):
    """A value read as text (or a number, on SQLite) from a report's JSON as the fact's type; None if unreadable."""
    if raw is None or fact.type == "date":
        return raw
    try:
        return convert(fact, raw)
    except ValueError:
        return None


def _to_frame(pack, rows: list[dict]) -> pl.DataFrame:
    schema = frame_schema(pack)
    columns = {}
    for name, dtype in schema.items():
        values = [row.get(name) for row in rows]
        if dtype == pl.Date:
            columns[name] = pl.Series(name, values, dtype=pl.String).str.to_date(strict=False)
        elif dtype == pl.Float64:
            columns[name] = pl.Series(name, [None if v is None or isinstance(v, str) else v for v in values],
                                      dtype=pl.Float64, strict=False)
        else:
            columns[name] = pl.Series(name, values, dtype=dtype, strict=False)
    return pl.DataFrame(columns, schema=schema) if rows else pl.DataFrame(schema=schema)


def input_hash(frame: pl.DataFrame) -> str:
    """SHA-256 over the frame sorted by id, columns in name order with their types: the same facts, the same hash."""
    ordered = frame.select(sorted(frame.columns)).sort("id") if "id" in frame.columns else frame
    digest = hashlib.sha256()
    digest.update(repr([(c, str(t)) for c, t in ordered.schema.items()]).encode())
    digest.update(ordered.write_csv(float_precision=17, null_value="\\N").encode("utf-8"))
    return digest.hexdigest()
