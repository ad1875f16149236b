"""The implementations of the derived-fact computers declared in guifan/standards/computers.py.

Each is `fn(deriver, org, unit, fact, **params)`: one organisation's row (`org`, None for a host unit without an
organisation of its own) and its host unit's row from the in-memory register, the pack's Fact being computed and the
fact's parameters. None means unknown (never a pass). Policy numbers come from the pack (params, register rules).
The facts app imports this module when it is ready (FactsConfig.ready).
"""

from __future__ import annotations

from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.facts.register import existed_during, month_spans
from guifan.orgs.models import HostUnit, Organisation
from guifan.standards.computers import COMPUTERS

K = Organisation.Kind
implementation = COMPUTERS.implementation
# Where each kind of sub-unit sits: villager groups in a village, compounds and buildings in a community.
SUB_UNIT_PARENTS = {
    HostUnit.Kind.VILLAGER_GROUP: (HostUnit.Kind.ADMIN_VILLAGE, HostUnit.Kind.RURAL_COMMUNITY),
    HostUnit.Kind.COMPOUND: (HostUnit.Kind.COMMUNITY,),
    HostUnit.Kind.BUILDING: (HostUnit.Kind.COMMUNITY,),
}
SIZE_BREACHES = {"branch_too_few_full", "branch_too_large", "general_branch_too_small", "committee_too_small"}
TERM_BREACHES = {"term_expired", "term_too_long"}


def is_urban_district(county_code: str | None) -> bool | None:
    """GB/T 2260: at county level, codes xxxx01-xxxx20 are districts (市辖区), 21-80 counties, 81-99 cities."""
    if not county_code:
        return None
    return 1 <= int(county_code[4:6]) <= 20


# --- the register: the host unit ------------------------------------------------------------------------------------
@implementation("has_party_organisation")
def has_party_organisation(d, org, unit, fact):
    return True if org else d.covered(unit["pk"])


@implementation("hosts_separate_organisation")
def hosts_separate_organisation(d, org, unit, fact, years_before):
    if not unit:
        return None
    day = d.period.end.replace(year=d.period.end.year - years_before) if years_before else d.period.end
    return d.hosts_separate(unit, day)


@implementation("newly_set_up_separately")
def newly_set_up_separately(d, org, unit, fact):
    founded = org["founded_on"]
    return (org["setup"] == Organisation.SetUp.SEPARATE and founded is not None
            and d.period.start <= founded <= d.period.end)


@implementation("unit_headcount")
def unit_headcount(d, org, unit, fact):
    return unit["headcount"] if unit else None


UNIT_FLAGS = {"poor_village": "is_poor_village", "substantive": "is_substantive", "window_unit": "is_window_unit"}


@implementation("unit_flag")
def unit_flag(d, org, unit, fact, flag):
    return unit[UNIT_FLAGS[flag]] if unit else None


@implementation("sub_units")
def sub_units(d, org, unit, fact, kind, covered_by):
    if not unit or unit["kind"] not in SUB_UNIT_PARENTS[kind]:
        return None
    found = d.descendants(unit["pk"], kind)
    if covered_by is None:
        return len(found)
    return sum(1 for u in found if d.covered(u, tuple(covered_by)))


# --- the register: the organisation ---------------------------------------------------------------------------------
@implementation("organisation_kind_in")
def organisation_kind_in(d, org, unit, fact, kinds):
    return org["kind"] in kinds


@implementation("party_groups")
def party_groups(d, org, unit, fact):
    return sum(1 for c in d.reg.org_children.get(org["pk"], ())
               if d.reg.orgs[c]["kind"] == K.GROUP and d.reg.org_active(d.reg.orgs[c], d.period.end))


@implementation("is_regional_organisation")
def is_regional_organisation(d, org, unit, fact):
    return org["is_regional"] if org else None


@implementation("kind_matches_members")
def kind_matches_members(d, org, unit, fact):
    return None if org["kind"] == K.GROUP else not (d.breaches(org, unit) & SIZE_BREACHES)


@implementation("election_on_schedule")
def election_on_schedule(d, org, unit, fact):
    if org["kind"] == K.GROUP or org["term_end"] is None:
        return None  # no term recorded: unknown, never a pass
    return not (d.breaches(org, unit) & TERM_BREACHES)


@implementation("periods_existed")
def periods_existed(d, org, unit, fact, every):
    """Months (or quarters) of the period in which the organisation (and its host unit) existed, a part counting."""
    spans = month_spans(d.period.start, d.period.end)
    if every == "quarter":
        spans = [(spans[i][0], spans[min(i + 2, len(spans) - 1)][1]) for i in range(0, len(spans), 3)]
    return sum(1 for start, end in spans if org and existed_during(org["founded_on"], org["dissolved_on"], start, end)
               and (unit is None or existed_during(unit["opened_on"], unit["closed_on"], start, end)))


# --- the member register --------------------------------------------------------------------------------------------
@implementation("members")
def members(d, org, unit, fact):
    return d.counts(org)["members"] if org else d.working_in(unit)["members"]


@implementation("full_members")
def full_members(d, org, unit, fact):
    return d.counts(org)["full"] if org else d.working_in(unit)["full"]


@implementation("flowing_members")
def flowing_members(d, org, unit, fact):
    return d.counts(org)["flowing"]


@implementation("members_recruited")
def members_recruited(d, org, unit, fact, years):
    return d.counts(org).get(f"recruited_{years}", 0)


# --- divisions and published figures --------------------------------------------------------------------------------
@implementation("in_urban_district")
def in_urban_district(d, org, unit, fact):
    region_id = org["region_id"] if org else unit["region_id"]
    return is_urban_district(d.reg.region_codes(region_id)["county"])


@implementation("region_figure")
def region_figure(d, org, unit, fact):
    codes = d.reg.region_codes(org["region_id"] if org else unit["region_id"])
    for level in LEVELS_BOTTOM_UP:
        if codes[level] and (codes[level], fact.code) in d.figures:
            return d.figures[(codes[level], fact.code)]
    return None
