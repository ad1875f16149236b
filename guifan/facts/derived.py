"""Facts the register gives (`derived_from.source`: register, members, regions), computed for a period in bulk.

Each computer reads the fact's rule as written in the pack (see `derived_from.rule`) and answers for one
organisation from the in-memory register (`register.load_register`: a handful of grouped queries). Policy numbers
come from the pack (`params`) or from guifan.orgs.rules (register-rules.yaml), never from here.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone

from guifan.facts.models import FactReport, Period, RegionFigure
from guifan.facts.register import Register, existed_during, load_register, month_spans, subtree_totals, update_many
from guifan.orgs import rules as org_rules
from guifan.orgs.models import HostUnit, Organisation

DERIVABLE_SOURCES = ("register", "members", "regions")  # `source: assessment` facts: see guifan.assessment.frame
VILLAGE_KINDS = (HostUnit.Kind.ADMIN_VILLAGE, HostUnit.Kind.RURAL_COMMUNITY)
SIZE_BREACHES = {"branch_too_few_full", "branch_too_large", "general_branch_too_small", "committee_too_small"}
TERM_BREACHES = {"term_expired", "term_too_long"}
K = Organisation.Kind


def is_urban_district(county_code: str | None) -> bool | None:
    """GB/T 2260: at county level, codes xxxx01-xxxx20 are districts (市辖区), 21-80 counties, 81-99 cities."""
    if not county_code:
        return None
    return 1 <= int(county_code[4:6]) <= 20


class Deriver:
    """Computes the derived facts of a pack for every organisation (and host unit) of a register."""

    def __init__(self, pack, period: Period, reg: Register, figures: dict | None = None):
        self.pack, self.period, self.reg = pack, period, reg
        self.previous_end = period.start - dt.timedelta(days=1)
        self.totals = subtree_totals(reg)
        self.figures = figures or {}
        self.facts = {code: f for code, f in pack.facts.items()
                      if f.derived_from and f.derived_from.get("source") in DERIVABLE_SOURCES}
        self._breach_cache: dict[int, set] = {}
        self.computers = {code: getattr(self, f"_{code}", None) for code in self.facts}

    @property
    def not_computed(self) -> list[str]:
        """Derivable facts this code cannot compute and no region figure gives (listed by derive_facts)."""
        return sorted(code for code, fn in self.computers.items()
                      if fn is None and not (self.facts[code].derived_from["source"] == "regions"))

    # --- per organisation -------------------------------------------------------------------------------------
    def organisation(self, org: dict) -> dict:
        unit = self.reg.units.get(org["host_unit_id"])
        values = {}
        for code, fact in self.facts.items():
            if org["domain"] not in fact.domains:
                continue
            fn = self.computers[code]
            value = fn(org, unit) if fn else self._region_figure(code, org["region_id"])
            if value is not None:
                values[code] = value
        return values

    def unit(self, unit: dict) -> dict:
        """Facts of a host unit that has no organisation of its own (a `kind: none` row)."""
        domain = HostUnit.DOMAIN_OF_KIND[unit["kind"]]
        values = {}
        for code, fact in self.facts.items():
            if domain in fact.domains and code in UNIT_FACTS:
                value = getattr(self, f"_{code}")(None, unit)
                if value is not None:
                    values[code] = value
        return values

    def _region_figure(self, code: str, region_id: int):
        for region_code in reversed(self._codes(region_id)):
            if (region_code, code) in self.figures:
                return self.figures[(region_code, code)]
        return None

    def _codes(self, region_id):
        codes = self.reg.region_codes(region_id)
        return [c for c in (codes["city"], codes["county"], codes["township"]) if c]

    def _counts(self, org) -> dict:
        return self.totals.get(org["pk"], {"members": 0, "full": 0, "flowing": 0, "recruited": 0})

    def _hosts_separate(self, unit, day) -> bool:
        return any(self.reg.orgs[o]["setup"] == Organisation.SetUp.SEPARATE
                   and self.reg.org_active(self.reg.orgs[o], day) for o in self.reg.hosted.get(unit["pk"], ()))

    def _covered(self, unit_id, kinds=None) -> bool:
        for org_id in (*self.reg.hosted.get(unit_id, ()), *self.reg.joint.get(unit_id, ())):
            org = self.reg.orgs[org_id]
            if self.reg.org_active(org, self.period.end) and (kinds is None or org["kind"] in kinds):
                return True
        return False

    def _descendants(self, unit_id, kind) -> list[int]:
        found, stack = [], list(self.reg.unit_children.get(unit_id, ()))
        while stack:
            child = self.reg.units[stack.pop()]
            if not self.reg.unit_open(child):
                continue
            if child["kind"] == kind:
                found.append(child["pk"])
            stack.extend(self.reg.unit_children.get(child["pk"], ()))
        return found

    # --- register: the host unit --------------------------------------------------------------------------------
    def _has_party_organisation(self, org, unit):
        return True if org else self._covered(unit["pk"])

    def _has_separate_organisation(self, org, unit):
        return self._hosts_separate(unit, self.period.end) if unit else None

    def _separate_setup_previous_year(self, org, unit):
        return self._hosts_separate(unit, self.previous_end) if unit else None

    def _newly_set_up_separately(self, org, unit):
        founded = org["founded_on"]
        return (org["setup"] == Organisation.SetUp.SEPARATE and founded is not None
                and self.period.start <= founded <= self.period.end)

    def _staff_total(self, org, unit):
        return unit["headcount"] if unit else None

    def _is_poor_village(self, org, unit):
        return unit["is_poor_village"] if unit else None

    def _substantive(self, org, unit):
        return unit["is_substantive"] if unit else None

    def _window_unit(self, org, unit):
        return unit["is_window_unit"] if unit else None

    def _villager_groups_total(self, org, unit):
        if not unit or unit["kind"] not in VILLAGE_KINDS:
            return None
        return len(self._descendants(unit["pk"], HostUnit.Kind.VILLAGER_GROUP))

    def _villager_groups_covered(self, org, unit):
        if not unit or unit["kind"] not in VILLAGE_KINDS:
            return None
        groups = self._descendants(unit["pk"], HostUnit.Kind.VILLAGER_GROUP)
        return sum(1 for g in groups if self._covered(g, (K.BRANCH, K.GROUP)))

    def _community_units(self, unit, kind, org_kinds):
        if not unit or unit["kind"] != HostUnit.Kind.COMMUNITY:
            return None
        found = self._descendants(unit["pk"], kind)
        return found if org_kinds is None else [u for u in found if self._covered(u, org_kinds)]

    def _compounds_total(self, org, unit):
        found = self._community_units(unit, HostUnit.Kind.COMPOUND, None)
        return None if found is None else len(found)

    def _compounds_with_branch(self, org, unit):
        found = self._community_units(unit, HostUnit.Kind.COMPOUND, (K.BRANCH, K.GENERAL_BRANCH, K.COMMITTEE))
        return None if found is None else len(found)

    def _buildings_total(self, org, unit):
        found = self._community_units(unit, HostUnit.Kind.BUILDING, None)
        return None if found is None else len(found)

    def _buildings_with_group(self, org, unit):
        found = self._community_units(unit, HostUnit.Kind.BUILDING, (K.GROUP, K.BRANCH))
        return None if found is None else len(found)

    # --- register: the organisation -----------------------------------------------------------------------------
    def _is_committee_or_general_branch(self, org, unit):
        return org["kind"] in (K.COMMITTEE, K.GENERAL_BRANCH)

    def _party_groups(self, org, unit):
        return sum(1 for c in self.reg.org_children.get(org["pk"], ())
                   if self.reg.orgs[c]["kind"] == K.GROUP and self.reg.org_active(self.reg.orgs[c], self.period.end))

    def _breaches(self, org, unit):
        if org["pk"] not in self._breach_cache:
            counts = self._counts(org)
            found = org_rules.breaches(_OrgView(org, unit), counts["members"], counts["full"], today=self.period.end)
            self._breach_cache[org["pk"]] = {b.code for b in found}
        return self._breach_cache[org["pk"]]

    def _kind_matches_members(self, org, unit):
        return None if org["kind"] == K.GROUP else not (self._breaches(org, unit) & SIZE_BREACHES)

    def _election_on_schedule(self, org, unit):
        if org["kind"] == K.GROUP or org["term_end"] is None:
            return None  # no term recorded: unknown, never a pass
        return not (self._breaches(org, unit) & TERM_BREACHES)

    # --- members ------------------------------------------------------------------------------------------------
    def _members_total(self, org, unit):
        return self._counts(org)["members"]

    def _full_members(self, org, unit):
        return self._counts(org)["full"]

    def _flowing_members(self, org, unit):
        return self._counts(org)["flowing"]

    def _members_recruited_2y(self, org, unit):
        return self._counts(org)["recruited"]

    def _self_managed_members(self, org, unit):
        # 社区区域内党组织直接管理的党员: the members whose membership is kept in the organisation's subtree.
        return self._counts(org)["members"]

    # --- regions ------------------------------------------------------------------------------------------------
    def _is_regional_organisation(self, org, unit):
        return org["is_regional"] if org else None

    def _months_existed(self, org, unit):
        """Months of the period in which the organisation (and its host unit) existed, a part month counting."""
        spans = month_spans(self.period.start, self.period.end)
        return sum(1 for start, end in spans if self._existed(org, unit, start, end))

    def _quarters_existed(self, org, unit):
        spans = month_spans(self.period.start, self.period.end)
        quarters = [(spans[i][0], spans[min(i + 2, len(spans) - 1)][1]) for i in range(0, len(spans), 3)]
        return sum(1 for start, end in quarters if self._existed(org, unit, start, end))

    @staticmethod
    def _existed(org, unit, start, end) -> bool:
        return bool(org) and existed_during(org["founded_on"], org["dissolved_on"], start, end) and (
            unit is None or existed_during(unit["opened_on"], unit["closed_on"], start, end))

    def _in_urban_district(self, org, unit):
        region_id = org["region_id"] if org else unit["region_id"]
        return is_urban_district(self.reg.region_codes(region_id)["county"])


UNIT_FACTS = {"has_party_organisation", "has_separate_organisation", "separate_setup_previous_year", "staff_total",
              "is_poor_village", "substantive", "window_unit", "in_urban_district", "villager_groups_total",
              "villager_groups_covered", "compounds_total", "compounds_with_branch", "buildings_total",
              "buildings_with_group"}


class _OrgView:
    """What guifan.orgs.rules.breaches reads of an organisation, from the in-memory row."""

    def __init__(self, org: dict, unit: dict | None):
        self.kind, self.term_start, self.term_end = org["kind"], org["term_start"], org["term_end"]
        self.host_unit_id = org["host_unit_id"]
        self.host_unit = _UnitView(unit["kind"] if unit else "")


class _UnitView:
    def __init__(self, kind):
        self.kind = kind


def recruited_years(pack) -> int | None:
    fact = pack.facts.get("members_recruited_2y")
    return (fact.derived_from.get("params") or {}).get("years") if fact and fact.derived_from else None


def region_figures(period: Period) -> dict:
    return {(code, fact): value for code, fact, value in
            RegionFigure.objects.filter(period=period).values_list("region__code", "code", "value")}


def deriver_for(pack, period: Period, region=None) -> Deriver:
    reg = load_register(period.start, period.end, region, recruited_years=recruited_years(pack))
    return Deriver(pack, period, reg, region_figures(period))


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
