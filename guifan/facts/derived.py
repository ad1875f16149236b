"""Facts the register gives (`derived_from`), computed for a period in bulk.

Each derived fact of a pack names its computer and parameters (`derived_from: {computer: members_recruited,
params: {years: 2}}`); the computers are declared in guifan/standards/computers.py and implemented in
guifan/facts/computers.py. They answer for one organisation from the in-memory register (`register.load_register`:
a handful of grouped queries). Policy numbers come from the pack (`params`, and the register rules of its
`rules:`), never from here.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from guifan.facts.computers import is_urban_district  # noqa: F401 - part of this module's interface
from guifan.facts.models import FactReport, Period, RegionFigure
from guifan.facts.register import Register, load_register, subtree_totals, update_many
from guifan.facts.typed_figures import typed_fallback_facts
from guifan.orgs import rules as org_rules
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.computers import COMPUTERS

K = Organisation.Kind
NO_COUNTS = {"members": 0, "full": 0, "flowing": 0}


class Deriver:
    """Computes the derived facts of a pack for every organisation (and host unit) of a register."""

    def __init__(self, pack, period: Period, reg: Register, figures: dict | None = None, *,
                 region_path: str | None = None, only: set[int] | None = None):
        self.pack, self.period, self.reg = pack, period, reg
        # Which organisations the register holds, for the records computers load in bulk (guifan.facts.
        # computers_meetings): those of a region's subtree, or only these pks (a single-organisation derivation).
        self.region_path, self.only = region_path, only
        self.totals = subtree_totals(reg)
        self.figures = figures or {}
        # Facts of `source: assessment` (earlier verdicts) are the assessment's: guifan.assessment.frame reads them.
        self.facts = {code: f for code, f in pack.facts.items()
                      if f.derived_from and f.derived_from.get("source") != "assessment"}
        self.calls = {code: (COMPUTERS[f.derived_from["computer"]],
                             COMPUTERS[f.derived_from["computer"]].arguments(f.derived_from.get("params")))
                      for code, f in self.facts.items()}
        self.rules = org_rules.of_pack(pack)  # the register rules of the pack derived with
        self._breach_cache: dict[int, set] = {}
        self._loaded: dict[str, object] = {}

    @property
    def not_computed(self) -> list[str]:
        """Derived facts whose computer has no implementation (listed by derive_facts; none when all is well)."""
        return sorted(code for code, (computer, _args) in self.calls.items() if computer.implementation is None)

    def _value(self, code: str, org: dict | None, unit: dict | None):
        computer, arguments = self.calls[code]
        if computer.implementation is None:
            return None
        return computer.implementation(self, org, unit, self.facts[code], **arguments)

    # --- per organisation -------------------------------------------------------------------------------------
    def organisation(self, org: dict) -> dict:
        unit = self.reg.units.get(org["host_unit_id"])
        values = {}
        for code, fact in self.facts.items():
            if org["domain"] in fact.domains:
                value = self._value(code, org, unit)
                if value is not None:
                    values[code] = value
        return values

    def unit(self, unit: dict) -> dict:
        """Facts of a host unit that has no organisation of its own (a `kind: none` row)."""
        domain = HostUnit.DOMAIN_OF_KIND[unit["kind"]]
        values = {}
        for code, fact in self.facts.items():
            if domain in fact.domains and self.calls[code][0].for_units:
                value = self._value(code, None, unit)
                if value is not None:
                    values[code] = value
        return values

    # --- what the computers share -------------------------------------------------------------------------------
    def loaded(self, name: str, load):
        """What `load(deriver)` returns, loaded once per derivation: records a family of computers reads in bulk
        (grouped queries over the period and region), shared by every organisation's row."""
        if name not in self._loaded:
            self._loaded[name] = load(self)
        return self._loaded[name]

    def counts(self, org) -> dict:
        return self.totals.get(org["pk"], NO_COUNTS)

    def working_in(self, unit) -> dict:
        """Counters of the members whose work unit is `unit` (a unit without an organisation of its own)."""
        return self.reg.unit_counts.get(unit["pk"], NO_COUNTS)

    def hosts_separate(self, unit, day) -> bool:
        return any(self.reg.orgs[o]["setup"] == Organisation.SetUp.SEPARATE
                   and self.reg.org_active(self.reg.orgs[o], day) for o in self.reg.hosted.get(unit["pk"], ()))

    def covered(self, unit_id, kinds=None) -> bool:
        for org_id in (*self.reg.hosted.get(unit_id, ()), *self.reg.joint.get(unit_id, ())):
            org = self.reg.orgs[org_id]
            if self.reg.org_active(org, self.period.end) and (kinds is None or org["kind"] in kinds):
                return True
        return False

    def descendants(self, unit_id, kind) -> list[int]:
        found, stack = [], list(self.reg.unit_children.get(unit_id, ()))
        while stack:
            child = self.reg.units[stack.pop()]
            if not self.reg.unit_open(child):
                continue
            if child["kind"] == kind:
                found.append(child["pk"])
            stack.extend(self.reg.unit_children.get(child["pk"], ()))
        return found

    def breaches(self, org, unit) -> set[str]:
        """Codes of the register rules (of the pack) the organisation breaks at the period's end."""
        if org["pk"] not in self._breach_cache:
            counts = self.counts(org)
            found = self.rules.breaches(_OrgView(org, unit), counts["members"], counts["full"], today=self.period.end)
            self._breach_cache[org["pk"]] = {b.code for b in found}
        return self._breach_cache[org["pk"]]


class _OrgView:
    """What guifan.orgs.rules reads of an organisation, from the in-memory row."""

    def __init__(self, org: dict, unit: dict | None):
        self.kind, self.term_start, self.term_end = org["kind"], org["term_start"], org["term_end"]
        self.host_unit_id = org["host_unit_id"]
        self.host_unit = _UnitView(unit["kind"] if unit else "")


class _UnitView:
    def __init__(self, kind):
        self.kind = kind


def recruited_years(pack) -> tuple[int, ...]:
    """The windows (in years) of the pack's `members_recruited` facts: the register counts each in its one query."""
    return tuple(sorted({f.derived_from["params"]["years"] for f in pack.facts.values()
                         if f.derived_from and f.derived_from["computer"] == "members_recruited"}))


def region_figures(period: Period) -> dict:
    return {(code, fact): value for code, fact, value in
            RegionFigure.objects.filter(period=period).values_list("region__code", "code", "value")}


def deriver_for(pack, period: Period, region=None) -> Deriver:
    reg = load_register(period.start, period.end, region, recruited_years=recruited_years(pack))
    return Deriver(pack, period, reg, region_figures(period), region_path=region.path if region else None)


def typed_meeting_facts(pack) -> set[str]:
    """The reported facts an organisation without records types instead of recording meetings: the `typed`
    parameters of the pack's facts derived from organisational life (guifan.facts.computers_meetings)."""
    return typed_fallback_facts(pack, "meetings")


def typed_dues_facts(pack) -> set[str]:
    """The dues figures an organisation keeping no dues records types instead (guifan.facts.computers_dues)."""
    return typed_fallback_facts(pack, "dues")


def derive_organisations(pack, period: Period, organisations) -> int:
    """Derives the facts of `period` again for a few organisations (a meeting recorded, a typed meeting figure
    changed): each one's register is loaded on its own (`load_register(organisation=)`: its subtree, its host unit
    and the units below, a handful of small queries), never the region's. A party group's facts are its branch's.
    Many at once (a spreadsheet of a county's months) share one register of their region. Returns how many reports
    were written."""
    chosen: dict[int, Organisation] = {}
    for organisation in organisations:
        if organisation.kind == K.GROUP:
            organisation = organisation.parent
        if organisation is not None:
            chosen.setdefault(organisation.pk, organisation)
    if len(chosen) > MANY_ORGANISATIONS:
        region = _common_region(chosen.values())
        deriver = deriver_for(pack, period, region)
        derivers = dict.fromkeys(chosen, deriver)
    else:
        derivers = {}
        for pk, organisation in chosen.items():
            reg = load_register(period.start, period.end, organisation=organisation,
                                recruited_years=recruited_years(pack))
            derivers[pk] = Deriver(pack, period, reg, region_figures(period), only=set(reg.orgs))
    now, written = timezone.now(), 0
    reports = {r.organisation_id: r for r in FactReport.objects.filter(period=period, organisation_id__in=list(chosen))}
    for pk, deriver in derivers.items():
        row = deriver.reg.orgs.get(pk)
        if row is None or not deriver.reg.org_active(row, period.end):
            continue
        report = reports.get(pk) or FactReport.objects.create(organisation_id=pk, period=period)
        report.derived, report.derived_at = deriver.organisation(row), now
        report.save(update_fields=["derived", "derived_at"])
        written += 1
    return written


# Above this many organisations, a re-derivation loads their region's register once instead of each one's.
MANY_ORGANISATIONS = 20


def _common_region(organisations):
    """The deepest region whose subtree holds every one of the organisations (None: the whole register)."""
    from guifan.regions.models import Region

    paths = list(Region.objects.filter(pk__in={o.region_id for o in organisations}).values_list("path", flat=True))
    prefix = paths[0] if paths else ""
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:prefix.rstrip("/").rfind("/") + 1]
    return Region.objects.filter(path=prefix).first() if prefix.strip("/") else None


def derive_organisation(organisation, year: int) -> bool:
    """Derives one organisation's facts of `year` again with the pack in effect that year (a party group: its
    branch's); False when no pack is in effect that year (nothing derived then)."""
    from guifan.standards.models import PackVersion
    from guifan.standards.selectors import pack_for_year

    try:
        pack = pack_for_year(year).pack()
    except PackVersion.DoesNotExist:
        return False
    period = Period.yearly(year)
    return derive_organisations(pack, period, [organisation]) > 0


def on_meetings_changed(sender, organisation, year, **kwargs) -> None:
    """guifan.meetings.signals.meetings_changed: the organisation's facts of the year derived again."""
    derive_organisation(organisation, year)


@transaction.atomic
def derive_facts(pack, period: Period, batch_size: int = 2000) -> dict:
    """Writes FactReport.derived for every organisation active at the period's end; returns counts."""
    deriver = deriver_for(pack, period)
    now = timezone.now()
    orgs = [o for o in deriver.reg.active_orgs() if o["kind"] != K.GROUP]
    existing = {r.organisation_id: r for r in FactReport.objects.filter(period=period).only("pk", "organisation_id")}
    new, changed = [], []
    for org in orgs:
        values = deriver.organisation(org)
        report = existing.get(org["pk"])
        if report is None:
            new.append(FactReport(organisation_id=org["pk"], period=period, derived=values, derived_at=now))
        else:
            report.derived, report.derived_at = values, now
            changed.append(report)
    FactReport.objects.bulk_create(new, batch_size=batch_size)
    update_many(FactReport, [(r.pk, json.dumps(r.derived, ensure_ascii=False), now) for r in changed],
                ["derived", "derived_at"])
    return {"organisations": len(orgs), "created": len(new), "updated": len(changed),
            "facts": len(deriver.facts), "not_computed": deriver.not_computed}
