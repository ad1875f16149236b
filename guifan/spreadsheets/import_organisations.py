"""Importing party organisations and, where a row names a unit not yet registered, its host unit.

A parent may be registered already or defined in any row of the file; rows are written parents first."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.orgs.actions import clean_organisation_data
from guifan.orgs.models import HostUnit, Organisation

from .importers import (
    ErrorCollector,
    ImportResult,
    assign_pks,
    changed_underfoot_message,
    duplicates_in_file,
    fetch_by,
    parse_rows,
)

UNIT_FIELDS = ("unit_name", "unit_kind", "unit_region")


def _new_units(rows, scope, errors: ErrorCollector) -> dict[str, HostUnit]:
    """Units registered by this file: the first row giving name, kind and region defines each new code."""
    codes = {d.get("host_unit") for _n, d in rows}
    known = fetch_by(scope.host_units().select_related("region"), "code", codes)
    taken = set(fetch_by(HostUnit.objects.all(), "code", codes - set(known)))
    regions = fetch_by(scope.regions().current(), "code", {d.get("unit_region") for _n, d in rows})
    new, defined_in = {}, {}
    for number, data in rows:
        code = data.get("host_unit")
        if not code or code in known:
            continue
        if code in taken:
            errors.add(number, "host_unit", _("This unit code cannot be used: it is not a unit in your scope."))
            continue
        if not any(data.get(f) for f in UNIT_FIELDS):
            continue
        missing = [f for f in UNIT_FIELDS if not data.get(f)]
        for key in missing:
            errors.add(number, key, _("Required to register a new unit."))
        region = regions.get(data.get("unit_region"))
        if data.get("unit_region") and region is None:
            errors.add(number, "unit_region", _("Unknown region code (or outside your scope)."))
        if missing or region is None:
            continue
        unit = HostUnit(code=code, name=data["unit_name"], kind=data["unit_kind"], region=region,
                        headcount=data.get("unit_headcount"))
        if code in new:
            first = new[code]
            if (first.name, first.kind, first.region_id) != (unit.name, unit.kind, unit.region_id):
                errors.add(number, "unit_name", _("This unit is described differently in row %(row)s.")
                           % {"row": defined_in[code]})
            continue
        new[code], defined_in[code] = unit, number
    for number, data in rows:
        code = data.get("host_unit")
        data["host_unit"] = known.get(code) or new.get(code) if code else None
        if code and data["host_unit"] is None:
            errors.add(number, "host_unit", _("Unknown host unit code: to register a new unit, fill in unit name, "
                                              "unit kind and region code."))
    return new


def _build(rows) -> dict[str, Organisation]:
    built = {}
    for _number, data in rows:
        unit = data.get("host_unit")
        org = Organisation(
            code=data.get("code", ""), name=data.get("name", ""), kind=data.get("kind", ""),
            setup=data.get("setup") or Organisation.SetUp.SEPARATE, founded_on=data.get("founded_on"),
            term_start=data.get("term_start"), term_end=data.get("term_end"), path="/",
        )
        if unit is not None:
            org.host_unit, org.region, org.domain = unit, unit.region, unit.domain
        if org.code and org.code not in built:
            built[org.code] = org
        data["_org"] = org
    return built


def _resolve_parents(rows, built, scope, errors: ErrorCollector) -> None:
    registered = fetch_by(scope.organisations().select_related("region"), "code", {d.get("parent") for _n, d in rows})
    for number, data in rows:
        code = data.get("parent")
        parent = registered.get(code) or built.get(code) if code else None
        if code and parent is None:
            errors.add(number, "parent", _("Unknown parent organisation code (or outside your scope)."))
        elif not code and not (scope.is_all or scope.region):
            errors.add(number, "parent", _("Your role can only add organisations under those in your scope: "
                                           "fill in the parent organisation code."))
        data["parent_org"] = parent


def _file_depths(rows, errors: ErrorCollector) -> dict[int, int]:
    """How many parents of each row's organisation are themselves in the file; a row whose chain of parents in the
    file comes back to it is reported."""
    parent_in_file = {id(d["_org"]): d["parent_org"] for _n, d in rows
                      if d["parent_org"] is not None and d["parent_org"].pk is None}
    depths = {}
    for number, data in rows:
        chain, current = [], data["_org"]
        while id(current) in parent_in_file and id(current) not in depths:
            if any(current is seen for seen in chain):
                errors.add(number, "parent", _("The parent organisations of this row lead back to it."))
                break
            chain.append(current)
            current = parent_in_file[id(current)]
        else:
            base = depths.get(id(current), 0)
            for steps, org in enumerate(reversed(chain), start=1):
                depths[id(org)] = base + steps
    return depths


def validate_organisations(sheet, *, scope) -> tuple[list, dict, ErrorCollector]:
    errors = ErrorCollector(sheet.columns)
    rows = parse_rows(sheet, errors)
    duplicates_in_file(rows, "code", errors, _("The same organisation code is already in row %(row)s of this file."))
    new_units = _new_units(rows, scope, errors)
    built = _build(rows)
    _resolve_parents(rows, built, scope, errors)
    for number, data in rows:
        org = data["_org"]
        fields = {"code": org.code, "name": org.name, "kind": org.kind, "parent": data["parent_org"],
                  "host_unit": data.get("host_unit"), "term_start": org.term_start, "term_end": org.term_end}
        try:
            clean_organisation_data(fields)
        except ValidationError as exc:
            errors.add_all(number, exc.message_dict)
    depths = _file_depths(rows, errors)
    for _number, data in rows:
        data["_depth"] = depths.get(id(data["_org"]), 0)
    return rows, new_units, errors


def write_organisations(rows, units: list[HostUnit], *, user) -> list[Organisation]:
    """Units first, then the organisations level by level so that each parent has its key before its children."""
    levels: dict[int, list] = {}
    for _number, data in rows:
        levels.setdefault(data["_depth"], []).append(data)
    orgs = []
    with transaction.atomic():
        HostUnit.objects.bulk_create(units)
        assign_pks(units, HostUnit, "code")
        for depth in sorted(levels):
            level = []
            for data in levels[depth]:
                org = data["_org"]
                org.parent, org.host_unit = data["parent_org"], data["host_unit"]
                org.region = org.host_unit.region
                level.append(org)
            Organisation.objects.bulk_create(level)
            assign_pks(level, Organisation, "code")
            for org in level:
                org.compute_path()
            orgs.extend(level)
        Organisation.objects.bulk_update(orgs, ["path", "depth"], batch_size=1000)
        logs = [audit.entry(o, ChangeLog.Action.CREATE, user, after=audit.snapshot(o), source="import")
                for o in [*units, *orgs]]
        ChangeLog.objects.bulk_create(logs, batch_size=1000)
    return orgs


def import_organisations(sheet, *, scope, user, today=None) -> ImportResult:
    result = ImportResult(kind="organisations", sheet=sheet)
    rows, new_units, errors = validate_organisations(sheet, scope=scope)
    if errors:
        result.errors = errors.as_list()
        return result
    try:
        orgs = write_organisations(rows, list(new_units.values()), user=user)
    except IntegrityError:
        collector = ErrorCollector(sheet.columns)
        collector.add(sheet.rows[0][0], "", changed_underfoot_message())
        result.errors = collector.as_list()
        return result
    result.created, result.created_units = len(orgs), len(new_units)
    return result
