"""The organisation sheet of the Excel page: its columns, the codes its template offers, its checks and its export.
Where a row names a unit not yet registered, the row registers it. A parent may be registered already or defined
in any row of the file. The checks only read; `actions.organisations_import` writes (parents first)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from guifan.core.spreadsheets.checks import duplicates_in_file, fetch_by
from guifan.core.spreadsheets.columns import Column, allowed, header_of
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.results import ErrorCollector

from .actions import clean_organisation_data, organisations_import
from .filtersets import OrganisationFilterSet
from .models import HostUnit, Organisation

# Headers carry the context "column", so that "Organisation name" is 组织名称 here whatever other apps say.
COLUMNS = (
    Column("code", pgettext_lazy("column", "Organisation code"), "code", required=True, width=18,
           help=gettext_lazy("Unique in the register.")),
    Column("name", pgettext_lazy("column", "Organisation name"), "text", required=True, width=30),
    Column("kind", pgettext_lazy("column", "Organisation kind"),
           "choice", required=True, choices=allowed(Organisation.Kind.choices)),
    Column("parent", pgettext_lazy("column", "Parent organisation code"), "code", reference="organisations", width=18,
           help=gettext_lazy("A registered organisation in your scope or one defined in this file (in any row). "
                             "Empty only for a top organisation of your region.")),
    Column("host_unit", pgettext_lazy("column", "Host unit code"),
           "code", required=True, reference="host_units", width=18,
           help=gettext_lazy("A registered unit in your scope; a new code registers the unit with the four unit "
                             "columns.")),
    Column("unit_name", pgettext_lazy("column", "Unit name"),
           "text", width=24, help=gettext_lazy("Only for a unit not yet registered.")),
    Column("unit_kind", pgettext_lazy("column", "Unit kind"),
           "choice", choices=allowed(HostUnit.Kind.choices), width=18,
           help=gettext_lazy("Only for a unit not yet registered.")),
    Column("unit_region", pgettext_lazy("column", "Region code"), "code", reference="regions", width=14,
           help=gettext_lazy("Only for a unit not yet registered: the GB/T 2260 code of its county or township.")),
    Column("unit_headcount", pgettext_lazy("column", "Unit headcount"), "count", width=10,
           help=gettext_lazy("Only for a unit not yet registered: staff, or residents of a village or community.")),
    Column("setup", pgettext_lazy("column", "Set-up"), "choice", choices=allowed(Organisation.SetUp.choices),
           help=gettext_lazy("Empty means separate."), width=10),
    Column("founded_on", pgettext_lazy("column", "Founded on"), "date"),
    Column("term_start", pgettext_lazy("column", "Current term start"), "date"),
    Column("term_end", pgettext_lazy("column", "Current term end"), "date"),
)
UNIT_FIELDS = ("unit_name", "unit_kind", "unit_region")
CODES_NOTE = gettext_lazy("Codes you may use are listed on the codes sheet: only organisations and regions within "
                          "your scope.")


def organisation_codes(scope) -> tuple[list, list]:
    """The organisations of the scope that can have members or organisations under them, for the codes sheet."""
    kinds = dict(Organisation.Kind.choices)
    orgs = scope.organisations().active().exclude(kind=Organisation.Kind.GROUP).order_by("code")
    return ([_("Organisation code"), _("Organisation name"), _("Organisation kind")],
            [(o.code, o.name, str(kinds[o.kind])) for o in orgs])


def references(scope) -> dict:
    unit_kinds = dict(HostUnit.Kind.choices)
    units = scope.host_units().filter(closed_on__isnull=True).select_related("region").order_by("code")
    return {
        "organisations": organisation_codes(scope),
        "host_units": ([_("Host unit code"), _("Unit name"), _("Unit kind"), _("Region code")],
                       [(u.code, u.name, str(unit_kinds[u.kind]), u.region.code) for u in units]),
        "regions": ([_("Region code"), _("Region name")],
                    [(r.code, r.name) for r in scope.regions().current().order_by("code")]),
    }


# --- checks ------------------------------------------------------------------------------------------------------

@dataclass
class Checked:
    """What organisations_import writes: unsaved organisations (parents set, possibly to others of the file) and
    the units the file registers."""

    organisations: list[Organisation]
    units: list[HostUnit]


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


def _report_loops(rows, errors: ErrorCollector) -> None:
    """A row whose chain of parents within the file comes back to it is reported."""
    parent_in_file = {id(d["_org"]): d["parent_org"] for _n, d in rows
                      if d["parent_org"] is not None and d["parent_org"].pk is None}
    settled = set()
    for number, data in rows:
        chain, current = [], data["_org"]
        while id(current) in parent_in_file and id(current) not in settled:
            if any(current is seen for seen in chain):
                errors.add(number, "parent", _("The parent organisations of this row lead back to it."))
                break
            chain.append(current)
            current = parent_in_file[id(current)]
        else:
            settled.update(id(org) for org in chain)


def check(rows, errors: ErrorCollector, *, scope, today=None) -> Checked:
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
    _report_loops(rows, errors)
    if errors:
        return Checked([], [])
    for _number, data in rows:
        data["_org"].parent, data["_org"].host_unit = data["parent_org"], data["host_unit"]
    return Checked([d["_org"] for _n, d in rows], list(new_units.values()))


def save(checked: Checked, *, user) -> Written:
    orgs = organisations_import(checked.organisations, units=checked.units, user=user)
    count = len(checked.units)
    notes = [ngettext("%(n)s new host unit was registered.", "%(n)s new host units were registered.", count)
             % {"n": count}] if count else []
    return Written(len(orgs), tuple(notes))


# --- export ------------------------------------------------------------------------------------------------------

def export_rows(queryset):
    """(headers, text-column indexes, rows) of the organisation list, with the host unit and the member count."""
    h = lambda key: header_of(COLUMNS, key)  # noqa: E731
    headers = [h("code"), h("name"), h("kind"), h("parent"), h("host_unit"), h("unit_name"), h("unit_kind"),
               h("unit_region"), str(_("Region")), h("unit_headcount"), h("setup"), h("founded_on"),
               h("term_start"), h("term_end"), str(_("Members"))]
    kind, unit_kind = dict(Organisation.Kind.choices), dict(HostUnit.Kind.choices)
    setup = dict(Organisation.SetUp.choices)
    fields = ("code", "name", "kind", "parent__code", "host_unit__code", "host_unit__name", "host_unit__kind",
              "region__code", "region__name", "host_unit__headcount", "setup", "founded_on", "term_start", "term_end",
              "member_count")
    queryset = queryset.annotate(member_count=Count("members"))

    def rows():
        for r in queryset.values_list(*fields).iterator(chunk_size=5000):
            yield (r[0], r[1], str(kind.get(r[2], r[2])), r[3] or "", r[4], r[5], str(unit_kind.get(r[6], r[6])),
                   r[7], r[8], r[9], str(setup.get(r[10], r[10])), r[11], r[12], r[13], r[14])

    return headers, {0, 3, 4, 7}, rows()


SHEET = Sheet(
    kind="organisations", name=gettext_lazy("Party organisations"), title=gettext_lazy("Organisations"),
    columns=COLUMNS, check=check, save=save, references=references, order=10,
    notes=(CODES_NOTE, gettext_lazy("Parent organisations may be registered already or appear in any row of this "
                                    "file.")),
    queryset=lambda scope: scope.organisations(), filterset=OrganisationFilterSet, export_rows=export_rows,
)
