"""Importing a filled-in facts template: the whole file is checked first (metadata, every cell, the pack's validation
rules per row), every error is collected with its row, column and reason, and only a file without a single error
is written, in one transaction of bulk writes (`actions.set_values_bulk`). Outliers are warnings, not errors.
An empty cell leaves the stored value alone; a value equal to the stored one writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guifan.facts.actions import FactError, pack_for, set_values_bulk
from guifan.facts.models import FactChange, FactReport, Period
from guifan.facts.quality import ERROR, check_report
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.spreadsheets.importers import ErrorCollector, ImportResult, RowError
from guifan.spreadsheets.readers import SheetRows, UploadError

from . import layout
from .reader import read_facts_workbook
from .values import CellProblem, is_blank, parse_cell

KIND = "facts"


@dataclass
class FactsImportResult(ImportResult):
    warnings: list[RowError] = field(default_factory=list)
    changes: int = 0  # FactChange rows written
    region: Region | None = None
    period: Period | None = None
    pack: object = None


def _check_meta(meta: dict, scope):
    period = Period.objects.filter(code=meta["period"]).first()
    if period is None:
        raise UploadError(_("The workbook is for period %(period)s, which is not open.") % {"period": meta["period"]})
    try:
        pack = pack_for(period)
    except FactError as exc:
        raise UploadError(str(exc)) from None
    if (meta["pack"], meta["version"], meta["checksum"]) != (pack.id, pack.version, pack.checksum):
        raise UploadError(
            _("This workbook was made for standard pack %(pack)s version %(version)s; the pack in effect for "
              "%(period)s is %(current)s version %(current_version)s. Download a new template.")
            % {"pack": meta["pack"], "version": meta["version"], "period": period.code, "current": pack.id,
               "current_version": pack.version})
    region = Region.objects.filter(code=meta["region"]).first()
    if region is None or not scope.covers_region(region):
        raise UploadError(_("This workbook is for region %(region)s (%(code)s), which is not within your scope.")
                          % {"region": meta["region_name"], "code": meta["region"]})
    return period, pack, region


def _columns(keys: list[str], pack) -> dict[int, object]:
    """{column index: fact} of the fact columns; unknown or derived columns refuse the file."""
    facts, unknown = {}, []
    for index, key in enumerate(keys):
        if key in (layout.ORG_KEY, layout.NAME_KEY, ""):
            continue
        fact = pack.facts.get(key)
        if fact is None or fact.derived_from:
            unknown.append(key)
        else:
            facts[index] = fact
    if unknown:
        raise UploadError(_("These columns are not facts reported under pack %(pack)s: %(columns)s. Use the template "
                            "as downloaded.") % {"pack": pack.id, "columns": ", ".join(unknown)})
    return facts


def _organisations(region, scope, codes) -> dict[str, dict]:
    found = {}
    codes = [c for c in codes if c]
    qs = (scope.organisations().active().exclude(kind=Organisation.Kind.GROUP)
          .filter(region__path__startswith=region.path))
    for start in range(0, len(codes), 500):
        for org in qs.filter(code__in=codes[start:start + 500]).values("pk", "code", "domain"):
            found[org["code"]] = org
    return found


def _reports(period, ids) -> dict[int, tuple]:
    found = {}
    for start in range(0, len(ids), 500):
        rows = (FactReport.objects.filter(period=period, organisation_id__in=ids[start:start + 500])
                .values_list("organisation_id", "values", "derived", "state"))
        found.update({pk: (values, derived, state) for pk, values, derived, state in rows})
    return found


def import_facts(upload, *, scope, user) -> FactsImportResult:
    """Checks and reads the upload; raises UploadError for a file refused as a whole."""
    sheet = read_facts_workbook(upload)
    period, pack, region = _check_meta(sheet.meta, scope)
    facts = _columns(sheet.keys, pack)
    if not sheet.rows:
        raise UploadError(_("The first sheet has no data rows."))
    org_index = sheet.keys.index(layout.ORG_KEY)
    name_index = sheet.keys.index(layout.NAME_KEY) if layout.NAME_KEY in sheet.keys else None
    ordered = [f for _i, f in sorted(facts.items())]
    columns = layout.columns(pack, ordered)
    positions = [org_index, name_index, *sorted(facts)]
    rows = [(number, [raw[i] if i is not None else None for i in positions]) for number, raw in sheet.rows]
    result = FactsImportResult(kind=KIND, sheet=SheetRows(KIND, columns, rows, layout.FIRST_DATA_ROW),
                               region=region, period=period, pack=pack)
    errors, warnings = ErrorCollector(columns), ErrorCollector(columns)
    codes = [str(raw[org_index]).strip() if raw[org_index] is not None else "" for _n, raw in sheet.rows]
    codes = [c[:-2] if c.endswith(".0") else c for c in codes]
    orgs = _organisations(region, scope, codes)
    stored = _reports(period, [o["pk"] for o in orgs.values()])
    previous_period = Period.objects.filter(code=str(period.year - 1)).first()
    previous = _reports(previous_period, [o["pk"] for o in orgs.values()]) if previous_period else {}
    seen, values = {}, {}
    for (number, raw), code in zip(sheet.rows, codes, strict=True):
        org = orgs.get(code)
        if not code:
            errors.add(number, layout.ORG_KEY, _("This field is required."))
        elif org is None:
            errors.add(number, layout.ORG_KEY, _("No active organisation %(code)s below %(region)s within your scope.")
                       % {"code": code, "region": region.name})
        elif code in seen:
            errors.add(number, layout.ORG_KEY, _("Organisation %(code)s is already in row %(row)s.")
                       % {"code": code, "row": seen[code]})
            org = None
        if org is None:
            continue
        seen[code] = number
        cleaned = _row_values(number, raw, facts, org["domain"], sheet.formulas, errors)
        old_values, derived, state = stored.get(org["pk"], ({}, {}, FactReport.State.DRAFT))
        if state == FactReport.State.APPROVED and any(old_values.get(c) != v for c, v in cleaned.items()):
            errors.add(number, layout.ORG_KEY, _("The report of this organisation is approved and locked; ask the "
                                                 "approver to return it before changing its figures."))
        _row_quality(number, pack, org["domain"], {**old_values, **cleaned, **derived}, cleaned,
                     previous.get(org["pk"]), errors, warnings)
        values[org["pk"]] = cleaned
    result.warnings = warnings.as_list()
    if errors:
        result.errors = errors.as_list()
        return result
    try:
        result.created, result.changes = set_values_bulk(period, values, user, FactChange.Source.EXCEL)
    except FactError as exc:
        result.errors = [RowError(layout.FIRST_DATA_ROW, "", "", str(exc))]
    return result


def _row_values(number, raw, facts, domain, formulas, errors) -> dict:
    cleaned = {}
    for index, fact in facts.items():
        value = raw[index]
        if (number, index) in formulas:
            errors.add(number, fact.code, _("A formula: type the value itself (formulas are not imported)."))
            continue
        if is_blank(value):
            continue
        try:
            cleaned[fact.code] = parse_cell(fact, domain, value)
        except CellProblem as exc:
            errors.add(number, fact.code, str(exc))
    return cleaned


def _row_quality(number, pack, domain, merged, cleaned, previous, errors, warnings) -> None:
    """Validation rules that read a value of this row are errors on its cell; outliers are warnings."""
    last_year = {**previous[0], **previous[1]} if previous else None
    for issue in check_report(pack, merged, previous=last_year, domain=domain):
        in_row = [code for code in issue.facts if code in cleaned]
        if not in_row:
            continue
        if issue.severity == ERROR:
            if not any(errors.has(number, code) for code in issue.facts):
                errors.add(number, in_row[0], issue.message)
        else:
            warnings.add(number, in_row[0], issue.message)
