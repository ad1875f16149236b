"""Importing a filled-in facts template: the whole file is checked first (metadata: the period, the pack, the region or
organisation it was made for; every cell; the pack's validation rules of the period's frequency per row), every error
is collected with its row, column and reason, and only a file without a single error is written, in one transaction
of bulk writes (`actions.set_values_bulk`). Outliers are warnings, not errors. An empty cell leaves the stored value
alone; a value equal to the stored one writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guifan.core.spreadsheets.readers import SheetRows, UploadError
from guifan.core.spreadsheets.results import ErrorCollector, ImportResult, RowError
from guifan.facts.actions import FactError, pack_for, set_values_bulk
from guifan.facts.models import FactChange, FactReport, Period
from guifan.facts.periods import frequency_name
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.reporting.excel import KIND
from guifan.reporting.quality import ERROR, check_report
from guifan.reporting.selectors import same_period_last_year

from . import layout
from .reader import read_facts_workbook
from .template import reporting_organisations
from .values import CellProblem, is_blank, parse_cell


@dataclass
class FactsImportResult(ImportResult):
    warnings: list[RowError] = field(default_factory=list)
    changes: int = 0  # FactChange rows written
    region: Region | None = None
    organisation: Organisation | None = None  # an organisation user's template: their organisation
    period: Period | None = None
    pack: object = None

    @property
    def target_name(self) -> str:
        """The organisation or region the workbook was made for."""
        target = self.organisation or self.region
        return target.name if target else ""


def _check_meta(meta: dict, scope, expected: str | None):
    if expected and meta["period"] != expected:
        raise UploadError(_("This workbook was made for period %(period)s, not for %(expected)s. Download the template "
                            "of %(expected)s, or import this one as the figures of %(period)s.")
                          % {"period": meta["period"], "expected": expected})
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
            % {"pack": meta["pack"], "version": meta["version"], "period": period.label, "current": pack.id,
               "current_version": pack.version})
    return (period, pack, *_target(meta, scope))


def _target(meta: dict, scope) -> tuple:
    """(region, organisation or None) the workbook was made for, within the scope."""
    if meta["organisation"]:
        organisation = (scope.organisations().exclude(kind=Organisation.Kind.GROUP)
                        .filter(code=meta["organisation"]).select_related("region").first())
        if organisation is None:
            raise UploadError(_("This workbook is for organisation %(code)s, which is not within your scope.")
                              % {"code": meta["organisation"]})
        return organisation.region, organisation
    region = Region.objects.filter(code=meta["region"]).first()
    if region is None or not scope.covers_region(region):
        raise UploadError(_("This workbook is for region %(region)s (%(code)s), which is not within your scope.")
                          % {"region": meta["region_name"], "code": meta["region"]})
    return region, None


def _columns(keys: list[str], pack, period) -> dict[int, object]:
    """{column index: fact} of the fact columns; unknown or derived columns, or facts of another frequency than the
    period's, refuse the file."""
    facts, unknown, other = {}, [], []
    for index, key in enumerate(keys):
        if key in (layout.ORG_KEY, layout.NAME_KEY, ""):
            continue
        fact = pack.facts.get(key)
        if fact is None or fact.derived_from:
            unknown.append(key)
        elif fact.frequency != period.kind:
            other.append(key)
        else:
            facts[index] = fact
    if unknown:
        raise UploadError(_("These columns are not facts reported under pack %(pack)s: %(columns)s. Use the template "
                            "as downloaded.") % {"pack": pack.id, "columns": ", ".join(unknown)})
    if other:
        raise UploadError(_("This workbook is for %(period)s, but these columns are facts of another report than the "
                            "%(frequency)s one: %(columns)s. Download the template of the period you report.")
                          % {"period": period.label, "frequency": frequency_name(period.kind),
                             "columns": ", ".join(other)})
    return facts


def _organisations(period, pack, scope, region, organisation, codes) -> dict[str, dict]:
    found = {}
    codes = [c for c in codes if c]
    qs = reporting_organisations(period, pack, scope, region=region, organisation=organisation)
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


def import_facts(upload, *, scope, user, period: str | None = None) -> FactsImportResult:
    """Checks and reads the upload; raises UploadError for a file refused as a whole. `period`: the code of the period
    the user imports, when chosen; a workbook made for another one is refused."""
    sheet = read_facts_workbook(upload)
    period, pack, region, organisation = _check_meta(sheet.meta, scope, period)
    facts = _columns(sheet.keys, pack, period)
    if not sheet.rows:
        raise UploadError(_("The first sheet has no data rows."))
    org_index = sheet.keys.index(layout.ORG_KEY)
    name_index = sheet.keys.index(layout.NAME_KEY) if layout.NAME_KEY in sheet.keys else None
    ordered = [f for _i, f in sorted(facts.items())]
    columns = layout.columns(ordered)
    positions = [org_index, name_index, *sorted(facts)]
    rows = [(number, [raw[i] if i is not None else None for i in positions]) for number, raw in sheet.rows]
    result = FactsImportResult(kind=KIND, sheet=SheetRows(KIND, columns, rows, layout.FIRST_DATA_ROW),
                               region=region, organisation=organisation, period=period, pack=pack)
    errors, warnings = ErrorCollector(columns), ErrorCollector(columns)
    codes = [str(raw[org_index]).strip() if raw[org_index] is not None else "" for _n, raw in sheet.rows]
    codes = [c[:-2] if c.endswith(".0") else c for c in codes]
    orgs = _organisations(period, pack, scope, region, organisation, codes)
    stored = _reports(period, [o["pk"] for o in orgs.values()])
    previous_period = Period.objects.filter(code=same_period_last_year(period)).first()
    previous = _reports(previous_period, [o["pk"] for o in orgs.values()]) if previous_period else {}
    seen, values = {}, {}
    for (number, raw), code in zip(sheet.rows, codes, strict=True):
        org = orgs.get(code)
        if not code:
            errors.add(number, layout.ORG_KEY, _("This field is required."))
        elif org is None:
            errors.add(number, layout.ORG_KEY, _("No active organisation %(code)s below %(region)s within your scope.")
                       % {"code": code, "region": result.target_name})
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
        _row_quality(number, pack, period.kind, org["domain"], {**old_values, **cleaned, **derived}, cleaned,
                     previous.get(org["pk"]), errors, warnings)
        values[org["pk"]] = cleaned
    result.warnings = warnings.as_list()
    if errors:
        result.errors = errors.as_list()
        return result
    try:
        result.created, result.changes = set_values_bulk(period, values, user, FactChange.Source.EXCEL, pack=pack)
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


def _row_quality(number, pack, frequency, domain, merged, cleaned, previous, errors, warnings) -> None:
    """Validation rules (of the report's frequency) that read a value of this row are errors on its cell; outliers
    are warnings."""
    last_year = {**previous[0], **previous[1]} if previous else None
    for issue in check_report(pack, merged, previous=last_year, domain=domain, frequency=frequency):
        in_row = [code for code in issue.facts if code in cleaned]
        if not in_row:
            continue
        if issue.severity == ERROR:
            if not any(errors.has(number, code) for code in issue.facts):
                errors.add(number, in_row[0], issue.message)
        else:
            warnings.add(number, in_row[0], issue.message)
