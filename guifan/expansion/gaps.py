"""Finding the expansion list's gaps (扩面, M01) in the register: set-based queries, never a query per unit.

    found = gaps.find(rules, host_units=scope.host_units(), organisations=scope.organisations())

`rules` is an `ExpansionPack` (the pack's register rules and its `expansion:` section, guifan.standards). Each gap
is one query (a coverage rule's units: one per coverage code; the members working in units without an organisation:
one GROUP BY; organisations against the set-up thresholds: one query over the stored subtree counts,
orgs.OrganisationCount), and the region each task is given to comes from one query over the regions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Coalesce

from guifan.core.tree import path_keys
from guifan.members.models import GONE_STATUSES, Member
from guifan.orgs import rules as register_judge
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.standards.expansion_rules import KIND_MISMATCH, UNCOVERED_UNIT, UNIT_WITH_FULL_MEMBERS, ExpansionRules
from guifan.standards.register_rules import RegisterRules

# The breach codes of a kind that does not match its members (the same codes as guifan.orgs.rules).
TOO_FEW_FULL, TOO_LARGE = "branch_too_few_full", "branch_too_large"
GENERAL_BRANCH_SMALL, COMMITTEE_SMALL = "general_branch_too_small", "committee_too_small"


@dataclass(frozen=True)
class ExpansionPack:
    """What finding needs of a pack: its register rules (the thresholds) and its expansion section (the gaps)."""

    register: RegisterRules
    expansion: ExpansionRules
    pack: str = ""

    @classmethod
    def of(cls, pack) -> ExpansionPack | None:
        if pack.register is None or pack.expansion is None:
            return None
        return cls(register=pack.register, expansion=pack.expansion, pack=f"{pack.id}@{pack.version}")


@dataclass(frozen=True)
class Found:
    gap: str
    detail: str
    region_id: int  # the unit's or organisation's own region
    unit_id: int | None = None
    organisation_id: int | None = None
    headcount: int | None = None
    members: int | None = None
    full_members: int | None = None


def _uncovered(rules: ExpansionPack, host_units) -> list[Found]:
    gap = rules.expansion.gap(UNCOVERED_UNIT)
    if gap is None:
        return []
    by_code = register_judge.Judge(year=None, register=rules.register).uncovered_units(host_units) or {}
    found, seen = [], set()
    for code in gap.coverage:
        for pk, region, headcount in by_code.get(code, host_units.none()).values_list("pk", "region_id", "headcount"):
            if pk not in seen:
                seen.add(pk)
                found.append(Found(UNCOVERED_UNIT, code, region, unit_id=pk, headcount=headcount))
    return found


def _with_full_members(rules: ExpansionPack, host_units, skip: set[int]) -> list[Found]:
    """Units of the gap's kinds without an active organisation of their own where the set-up rule's minimum of full
    members (or more) work: one GROUP BY over the members by work unit."""
    gap = rules.expansion.gap(UNIT_WITH_FULL_MEMBERS)
    if gap is None:
        return []
    hosting = Organisation.objects.active().values("host_unit_id")
    units = host_units.filter(kind__in=gap.hosts, closed_on__isnull=True).exclude(pk__in=hosting)
    full = Q(category=Member.Category.FULL)
    rows = (Member.objects.filter(work_unit__in=units.values("pk")).exclude(status__in=GONE_STATUSES)
            .values("work_unit_id", "work_unit__region_id", "work_unit__headcount")
            .annotate(m=Count("pk"), f=Count("pk", filter=full))
            .filter(f__gte=rules.register.branch_min_full_members).order_by("work_unit_id"))
    return [Found(UNIT_WITH_FULL_MEMBERS, "min_full_members", r["work_unit__region_id"], unit_id=r["work_unit_id"],
                  headcount=r["work_unit__headcount"], members=r["m"], full_members=r["f"])
            for r in rows if r["work_unit_id"] not in skip]


def mismatch_case(register: RegisterRules) -> Case:
    """The breach code of an organisation whose kind does not match its subtree's members (annotated `m`, `f`), or
    NULL: the set-up thresholds of the pack, as SQL."""
    kind = Organisation.Kind
    return Case(
        When(kind=kind.BRANCH, f__lt=register.branch_min_full_members, then=Value(TOO_FEW_FULL)),
        When(kind=kind.BRANCH, m__gt=register.branch_max_members, then=Value(TOO_LARGE)),
        When(kind=kind.GENERAL_BRANCH, m__lt=register.general_branch_min_members, then=Value(GENERAL_BRANCH_SMALL)),
        When(kind=kind.COMMITTEE, m__lt=register.committee_min_members, then=Value(COMMITTEE_SMALL)),
        default=None, output_field=CharField(),
    )


def _mismatched(rules: ExpansionPack, organisations) -> list[Found]:
    if rules.expansion.gap(KIND_MISMATCH) is None:
        return []
    rows = (organisations.filter(dissolved_on__isnull=True).exclude(kind=Organisation.Kind.GROUP)
            .annotate(m=Coalesce("counts__members", 0), f=Coalesce("counts__full_members", 0))
            .annotate(breach=mismatch_case(rules.register)).filter(breach__isnull=False)
            .values_list("pk", "region_id", "breach", "m", "f").order_by("pk"))
    return [Found(KIND_MISMATCH, breach, region, organisation_id=pk, members=m, full_members=f)
            for pk, region, breach, m, f in rows]


def find(rules: ExpansionPack, *, host_units, organisations) -> list[Found]:
    """Every gap among these host units and organisations (querysets, e.g. a scope's)."""
    uncovered = _uncovered(rules, host_units)
    skip = {f.unit_id for f in uncovered}
    return uncovered + _with_full_members(rules, host_units, skip) + _mismatched(rules, organisations)


def find_one(rules: ExpansionPack, *, unit_id: int | None = None, organisation_id: int | None = None) -> list[Found]:
    """The gaps the register shows now for one unit or one organisation (the check run again before closing)."""
    from guifan.orgs.models import HostUnit

    units = HostUnit.objects.filter(pk=unit_id) if unit_id else HostUnit.objects.none()
    orgs = Organisation.objects.filter(pk=organisation_id) if organisation_id else Organisation.objects.none()
    return find(rules, host_units=units, organisations=orgs)


def assigned_regions(region_ids, level: str) -> dict[int, int]:
    """{region id: the region a task there is given to}: its ancestor (or itself) at `level`, itself when it lies
    above that level. One query over the regions."""
    regions = list(Region.objects.values_list("pk", "code", "path", "level"))
    by_code = {code: (pk, lvl) for pk, code, _path, lvl in regions}
    wanted, out = set(region_ids), {}
    for pk, _code, path, _lvl in regions:
        if pk not in wanted:
            continue
        out[pk] = pk
        for key in path_keys(path):
            if key in by_code and by_code[key][1] == level:
                out[pk] = by_code[key][0]
    return out


def describe(gap: str, detail: str, rules: ExpansionPack | None, *, headcount=None, members=None,
             full_members=None) -> str:
    """The gap in the user's words, with the pack's figures (no code shown)."""
    from django.utils.translation import gettext as _

    if rules is None:
        return ""
    r = rules.register
    if gap == UNCOVERED_UNIT:
        rule = next((c for c in r.coverage if c.code == detail), None)
        text = rule.cited.quote if rule else ""
        if headcount is not None and rule is not None and rule.min_headcount is not None:
            text += " " + _("(%(n)s staff now)") % {"n": headcount}
        return text
    if gap == UNIT_WITH_FULL_MEMBERS:
        return _("%(f)s full members work here and the unit has no organisation of its own: with %(n)s or more it "
                 "should set one up.") % {"f": full_members or 0, "n": r.branch_min_full_members}
    messages = {
        TOO_FEW_FULL: _("A branch needs at least %(n)s full members; it has %(m)s.")
        % {"n": r.branch_min_full_members, "m": full_members or 0},
        TOO_LARGE: _("A branch of more than %(n)s members should become a general branch; it has %(m)s.")
        % {"n": r.branch_max_members, "m": members or 0},
        GENERAL_BRANCH_SMALL: _("A general branch is set up for %(n)s or more members; it has %(m)s.")
        % {"n": r.general_branch_min_members, "m": members or 0},
        COMMITTEE_SMALL: _("A party committee is set up for %(n)s or more members; it has %(m)s.")
        % {"n": r.committee_min_members, "m": members or 0},
    }
    return messages.get(detail, "")
