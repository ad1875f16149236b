"""The engine's input frame, read from the facts store in bulk: one row per organisation, one per uncovered unit.

`build_frame(pack, year)` is the one row builder: the stored run, the check-up page (`organisation=`), what-if and
the region pages all read an organisation's row from it. A row holds the organisation's place (domain, kind, host
kind, primary, township / county / city codes) and every fact of the pack from one source each:
- a yearly reported fact from the year's report (`values`; with `approved_only`, only from an approved report);
- a quarterly or monthly fact from the reports of its frequency, made one value by the fact's `aggregate`;
- a fact derived from the register from the year's report (`derived`, written by `guifan derive_facts`);
- a fact of `source: assessment` from the stored results, by its computer implemented here (`stars_previous_year`:
  the star level of the latest official run of the year before), since results are the assessment's own.
Units that host no active organisation get a `kind: none` row when a coverage criterion of the pack needs them.

Each report's JSON document is read whole as text by one query (COPY on PostgreSQL), decoded by Polars into one
text column per fact and typed there as `guifan.standards.values.convert` would type each value, a column at a time;
no value is converted one by one in Python. `input_hash(frame)` is the SHA-256 of the sorted frame.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import polars as pl
from django.db import connection
from django.db.models import F, Q, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from guifan.assessment.engine.frames import frame_schema
from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.core.bulk import read_frame
from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.facts.derived import Deriver, region_figures
from guifan.facts.models import FactReport, Period
from guifan.facts.register import load_register
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region
from guifan.standards.computers import COMPUTERS
from guifan.standards.pack import NO_ORGANISATION, YEARLY
from guifan.standards.values import FALSE_WORDS, MAX_ABS_FACT, TRUE_WORDS

LEVELS = LEVELS_BOTTOM_UP
ROW_COLUMNS = ("id", "domain", "kind", "host_kind", "primary", *LEVELS)
ORG = "_org"  # the organisation's key while the frame is assembled (a fact's code starts with a letter)


def build_frame(pack, year: int, *, approved_only: bool = False, region=None, organisation=None) -> pl.DataFrame:
    """Exactly `frame_schema(pack)`: the organisations active at the end of `year` (party groups are not judged)
    within `region`, or the one `organisation` (then no unit rows), and the units a coverage criterion needs."""
    period = _period(year)
    scope = _Scope(region, organisation)
    parts = [_organisations(period, scope), _yearly(pack, year, approved_only, scope),
             _sub_year(pack, year, approved_only, scope), *_from_results(pack, year, scope)]
    frame = parts[0]
    for part in parts[1:]:
        if part is not None:
            frame = frame.join(part, on=ORG, how="left", maintain_order="left")
    in_domains = [pl.when(pl.col("domain").is_in(f.domains)).then(pl.col(f.code)).alias(f.code)
                  for f in _result_facts(pack) if f.code in frame.columns]
    frame = frame.with_columns(*in_domains, id=pl.format("org-{}", pl.col(ORG)))
    frames = [_conform(pack, frame)]
    if organisation is None:
        units = _unit_rows(pack, period, region)
        if units:
            frames.append(_conform(pack, pl.from_dicts(units, infer_schema_length=None)))
    return pl.concat(frames, how="vertical")


def input_hash(frame: pl.DataFrame) -> str:
    """SHA-256 over the frame sorted by id, columns in name order with their types: the same facts, the same hash."""
    ordered = frame.select(sorted(frame.columns)).sort("id") if "id" in frame.columns else frame
    digest = hashlib.sha256()
    digest.update(repr([(c, str(t)) for c, t in ordered.schema.items()]).encode())
    digest.update(ordered.write_csv(float_precision=17, null_value="\\N").encode("utf-8"))
    return digest.hexdigest()


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


# --- typing text columns as the facts' types ------------------------------------------------------------------------
WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def typed(facts, text: pl.DataFrame) -> pl.DataFrame:
    """The text columns named by the facts' codes as the facts' types, the way `guifan.standards.values.convert`
    reads one value (是/否, yes/no, 1/0, `85%`, ISO dates, whole numbers for integers, |x| <= MAX_ABS_FACT); a value
    it would refuse is missing. (Python's float also reads `1_000` and full-width digits; the store never writes
    them, it writes JSON numbers.) Two passes of one expression per type (text made plain, then checked), not one
    expression per fact: Polars would compute a sub-expression used twice in one pass twice."""
    by_type: dict[str, list[str]] = {}
    for f in facts:
        by_type.setdefault("number" if f.type == "percent" else f.type, []).append(f.code)
    plain = []
    for kind, codes in by_type.items():
        stripped = pl.col(codes).cast(pl.String).str.strip_chars()
        if kind == "boolean":
            plain.append(stripped.str.to_lowercase())
        elif kind == "date":
            plain.append(stripped.str.to_date("%Y-%m-%d", strict=False))
        elif kind == "enum":
            plain.append(stripped)
        else:
            plain.append(stripped.str.strip_chars_end("%").str.strip_chars().cast(pl.Float64, strict=False))
    checked = []
    for kind, codes in by_type.items():
        value = pl.col(codes)
        if kind == "boolean":
            checked.append(value.replace_strict(WORDS, default=None, return_dtype=pl.Boolean))
        elif kind in ("number", "integer"):
            readable = value.is_finite() & (value.abs() <= MAX_ABS_FACT)
            checked.append(pl.when(readable & (value == value.floor()) if kind == "integer" else readable).then(value))
        elif kind == "date":
            checked.append(value)
    checked += [pl.when(pl.col(f.code).is_in(list(f.values))).then(pl.col(f.code)).alias(f.code)
                for f in facts if f.type == "enum"]
    return text.select(plain).select(checked)


def aggregated(facts) -> list[pl.Expr]:
    """The year's value of quarterly or monthly facts from their values in period order (inside a group_by), as
    `guifan.standards.values.AGGREGATES` makes it; missing when no period gave a value."""
    by_aggregate: dict[str, list[str]] = {}
    for f in facts:
        by_aggregate.setdefault(f.aggregate, []).append(f.code)
    out = []
    for aggregate, codes in by_aggregate.items():
        present = pl.col(codes).drop_nulls()
        made = {"sum": present.sum(), "mean": present.mean(), "min": present.min(), "max": present.max(),
                "last": present.last(), "any": present.any(), "all": present.all()}[aggregate]
        out.append(pl.when(present.len() > 0).then(made))
    return out


# --- the parts of the frame ------------------------------------------------------------------------------------------
class _Scope:
    """Which organisations a frame covers: all, those of a region's subtree, or one."""

    def __init__(self, region, organisation):
        self.region, self.organisation = region, organisation

    def filter(self, rows):
        """Rows (reports, results) of the covered organisations."""
        if self.organisation is not None:
            return rows.filter(organisation_id=self.organisation.pk)
        if self.region is not None:
            return rows.filter(organisation__region__path__startswith=self.region.path)
        return rows


def _period(year: int) -> Period:
    return Period.objects.filter(code=str(year)).first() or Period(
        code=str(year), year=year, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def _organisations(period: Period, scope: _Scope) -> pl.DataFrame:
    """The place of each organisation active at the period's end: domain, kind, host kind, primary (not sharing its
    parent's host unit) and the codes of its township, county and city."""
    day = period.end
    orgs = (Organisation.objects.exclude(kind=Organisation.Kind.GROUP)
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=day), Q(dissolved_on__isnull=True)
                    | Q(dissolved_on__gt=day)))
    if scope.organisation is not None:
        orgs = orgs.filter(pk=scope.organisation.pk)
    elif scope.region is not None:
        orgs = orgs.filter(region__path__startswith=scope.region.path)
    codes = _region_codes()
    rows = []
    for pk, domain, kind, host_kind, host_id, parent_id, parent_host_id, region_id in orgs.values_list(
            "pk", "domain", "kind", "host_unit__kind", "host_unit_id", "parent_id", "parent__host_unit_id",
            "region_id"):
        rows.append((pk, domain, kind, host_kind, parent_id is None or parent_host_id != host_id,
                     *codes.get(region_id, (None, None, None))))
    schema = {ORG: pl.Int64, "domain": pl.String, "kind": pl.String, "host_kind": pl.String, "primary": pl.Boolean,
              **dict.fromkeys(LEVELS, pl.String)}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _region_codes() -> dict[int, tuple]:
    """{region id: (township, county, city) codes} from the materialised paths (/city/county/township/)."""
    regions = list(Region.objects.values_list("pk", "code", "level", "path"))
    level_of = {code: level for _pk, code, level, _path in regions}
    out = {}
    for pk, _code, _level, path in regions:
        found = {level_of.get(part, ""): part for part in path.strip("/").split("/")}
        out[pk] = tuple(found.get(level) for level in LEVELS)
    return out


def _yearly(pack, year: int, approved_only: bool, scope: _Scope) -> pl.DataFrame | None:
    """Yearly reported facts from `values` and derived facts from `derived` of the year's report: each JSON document
    read whole as text and decoded by Polars into the pack's facts, then typed."""
    reported = pack.reported_facts(YEARLY)
    derived = [f for f in pack.facts.values() if f.derived_from and f not in _result_facts(pack)]
    reports = scope.filter(FactReport.objects.filter(period__code=str(year), period__kind=Period.Kind.YEARLY))
    reports = reports.order_by().annotate(
        org=F("organisation_id"), state_=F("state"), values_=Cast("values", TextField()),
        derived_=Cast("derived", TextField()),
    ).values_list("org", "state_", "values_", "derived_")
    raw = read_frame(reports, {ORG: pl.Int64, "state": pl.String, "values": pl.String, "derived": pl.String})
    if raw.is_empty():
        return None
    parts = [raw.select(ORG)]
    for source, facts in (("values", reported), ("derived", derived)):
        if facts:
            text = _decoded(raw[source], [f.code for f in facts]).struct.unnest()
            if source == "values" and approved_only:  # derived facts come from the register either way
                approved = raw["state"] == FactReport.State.APPROVED
                text = text.select(pl.when(approved).then(pl.all()).name.keep())
            parts.append(typed(facts, text))
    return pl.concat(parts, how="horizontal")


def _decoded(documents: pl.Series, codes: list[str]) -> pl.Series:
    """JSON documents as a struct of the `codes`, each value as its JSON text (`true`, `12`, `2018-05-01`). A
    document holding something other than plain values (never written by the store) is read value by value."""
    dtype = pl.Struct(dict.fromkeys(codes, pl.String))
    try:
        return documents.str.json_decode(dtype)
    except pl.exceptions.ComputeError:
        rows = []
        for text in documents.to_list():
            document = json.loads(text) if text else {}
            rows.append({c: _plain_text(document.get(c)) for c in codes} if isinstance(document, dict) else {})
        return pl.Series(documents.name, rows, dtype=dtype)


def _plain_text(value):
    if value is None or isinstance(value, dict | list):
        return None
    return json.dumps(value) if not isinstance(value, str) else value


def _sub_year(pack, year: int, approved_only: bool, scope: _Scope) -> pl.DataFrame | None:
    """The year's value of each quarterly and monthly fact: its values in the reports of its frequency, in period
    order, made one by the fact's `aggregate`. Periods an organisation did not report (or, with `approved_only`,
    whose report is not approved) add nothing; a fact with no value in any period stays missing."""
    facts = [f for f in pack.reported_facts(None) if f.frequency != YEARLY]
    if not facts:
        return None
    reports = FactReport.objects.filter(period__year=year, period__kind__in={f.frequency for f in facts})
    if approved_only:
        reports = reports.filter(state=FactReport.State.APPROVED)
    reports = scope.filter(reports).order_by().annotate(
        org=F("organisation_id"), kind_=F("period__kind"), code_=F("period__code"))
    schema = {ORG: pl.Int64, "_kind": pl.String, "_period": pl.String}  # a fact's code starts with a letter
    if connection.vendor == "postgresql":
        # jsonb gives each fact's text cheaply: a few short columns instead of every document (a third less time);
        # SQLite would parse each document once per fact.
        fields = {f"fact_{i}": Cast(KT(f"values__{f.code}"), TextField()) for i, f in enumerate(facts)}
        raw = read_frame(reports.annotate(**fields).values_list("org", "kind_", "code_", *fields),
                         {**schema, **dict.fromkeys(fields, pl.String)})
        raw = raw.rename({name: f.code for name, f in zip(fields, facts, strict=True)})
    else:
        raw = read_frame(reports.annotate(values_=Cast("values", TextField())).values_list(
            "org", "kind_", "code_", "values_"), {**schema, "_values": pl.String})
        raw = pl.concat([raw.drop("_values"), _decoded(raw["_values"], [f.code for f in facts]).struct.unnest()],
                        how="horizontal")
    if raw.is_empty():
        return None
    raw = raw.sort(ORG, "_period")
    text = raw.select(  # a value counts only in a report of its fact's frequency
        pl.when(pl.col("_kind") == f.frequency).then(pl.col(f.code)).alias(f.code) for f in facts)
    values = pl.concat([raw.select(ORG), typed(facts, text)], how="horizontal")
    return values.group_by(ORG, maintain_order=True).agg(aggregated(facts))


def _result_facts(pack) -> list:
    return [f for f in pack.facts.values() if f.derived_from and f.derived_from.get("source") == "assessment"]


def _from_results(pack, year: int, scope: _Scope) -> list[pl.DataFrame]:
    """Facts of `source: assessment`, each by its computer (declared in guifan.standards.computers, implemented
    below over all organisations at once): one frame of (organisation, value) per fact."""
    parts = []
    for fact in _result_facts(pack):
        computer = COMPUTERS[fact.derived_from["computer"]]
        if computer.implementation is not None:
            part = computer.implementation(year, scope, fact, **computer.arguments(fact.derived_from.get("params")))
            if part is not None:
                parts.append(part)
    return parts


@COMPUTERS.implementation("stars_previous_year")
def stars_previous_year(year: int, scope: _Scope, fact) -> pl.DataFrame | None:
    """The star level in the latest official run of the year before (missing before the first run)."""
    run = AssessmentRun.objects.official().filter(year=year - 1).order_by("-finished_at").first()
    if run is None:
        return None
    results = scope.filter(OrganisationResult.objects.filter(run=run)).order_by().annotate(
        org=F("organisation_id"), stars_=F("stars")).values_list("org", "stars_")
    stars = read_frame(results, {ORG: pl.Int64, "stars": pl.Float64})
    return stars.select(ORG, pl.col("stars").alias(fact.code))


def _unit_rows(pack, period: Period, region) -> list[dict]:
    """A `kind: none` row for every open host unit of a kind that a coverage criterion looks at and that hosts no
    active organisation, with the facts the register gives of it."""
    hosts = coverage_hosts(pack)
    if not hosts:
        return []
    reg = load_register(period.start, period.end, region, members=False, working=True)
    active_hosting = {o["host_unit_id"] for o in reg.active_orgs() if o["kind"] != Organisation.Kind.GROUP}
    deriver = Deriver(pack, period, reg, region_figures(period) if period.pk else {})
    rows = []
    for unit in reg.units.values():
        if unit["kind"] in hosts and unit["pk"] not in active_hosting and reg.unit_open(unit):
            row = deriver.unit(unit)
            row.update(id=f"unit-{unit['pk']}", domain=HostUnit.DOMAIN_OF_KIND[unit["kind"]],
                       kind=NO_ORGANISATION, host_kind=unit["kind"], primary=True,
                       **reg.region_codes(unit["region_id"]))
            rows.append(row)
    return rows


def _conform(pack, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame's columns as `frame_schema(pack)`, in its order; a fact no part gave is missing."""
    return frame.select(
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype, strict=False).alias(name)
        for name, dtype in frame_schema(pack).items())
