"""Read-only queries for the region page: child regions with counts, and the organisations at the top here."""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, F
from django.urls import reverse

from guifan.accounts.scope import Scope
from guifan.members.models import Member
from guifan.orgs import rules
from guifan.orgs.models import Organisation
from guifan.orgs.selectors import roll_up

from .models import Region

COUNTED_OUT = (Member.Status.LEFT, Member.Status.DECEASED)


@dataclass
class RegionRow:
    """One line of the region table: a child region (or the region itself, for what sits at its own level)."""

    region: Region
    organisations: int = 0
    members: int = 0
    breaches: int = 0


@dataclass
class RegionOverview:
    rows: list[RegionRow]
    own: RegionRow
    total: RegionRow
    top_organisations: list[Organisation] = field(default_factory=list)


def region_crumbs(scope: Scope, region: Region) -> list[dict]:
    """Breadcrumbs from the user's root region down to this one."""
    chain = [r for r in region.ancestors() if scope.covers_region(r)] + [region]
    return [{"label": r.name, "url": reverse("regions:detail", args=[r.code])} for r in chain]


def _child_code(region: Region, path: str) -> str | None:
    """The code of the child of `region` that `path` lies in; None for the region itself."""
    rest = path[len(region.path):].strip("/")
    return rest.split("/")[0] if rest else None


def _facts(row: dict) -> SimpleNamespace:
    """What rules.breaches reads of an organisation, without building a model instance per row."""
    return SimpleNamespace(
        kind=row["kind"], term_start=row["term_start"], term_end=row["term_end"], host_unit_id=row["host_unit_id"],
        host_unit=SimpleNamespace(kind=row["host_unit__kind"]),
    )


def region_overview(scope: Scope, region: Region) -> RegionOverview:
    """Counts per child region and the top organisations here, from four queries whatever the size."""
    children = list(
        scope.regions(region.children.select_related("successor"))
        .order_by(F("valid_to").asc(nulls_first=True), "code")
    )
    rows = {child.code: RegionRow(child) for child in children}
    own = RegionRow(region)
    total = RegionRow(region)
    path_of_region = dict(scope.regions().filter(path__startswith=region.path).values_list("pk", "path"))

    orgs = list(
        scope.organisations().active().filter(region__path__startswith=region.path)
        .values("id", "path", "kind", "parent_id", "region_id", "term_start", "term_end", "host_unit_id",
                "host_unit__kind")
    )
    member_rows = (
        scope.members().filter(organisation__region__path__startswith=region.path)
        .exclude(status__in=COUNTED_OUT)
        .values("organisation__path", "organisation__region_id", "category")
        .annotate(n=Count("id"))
    )
    per_path = defaultdict(lambda: [0, 0])
    for row in member_rows:
        counts = per_path[row["organisation__path"]]
        counts[0] += row["n"]
        if row["category"] == Member.Category.FULL:
            counts[1] += row["n"]
        target = rows.get(_child_code(region, path_of_region.get(row["organisation__region_id"], region.path)), own)
        target.members += row["n"]
        total.members += row["n"]
    subtree = roll_up(per_path)

    here = {o["id"] for o in orgs if o["region_id"] == region.pk}
    top: dict[int, tuple] = {}
    judge = rules.for_year()
    for org in orgs:
        members, full = subtree.get(org["path"], (0, 0))
        target = rows.get(_child_code(region, path_of_region.get(org["region_id"], region.path)), own)
        target.organisations += 1
        total.organisations += 1
        found = judge.breaches(_facts(org), members, full)
        if found:
            target.breaches += 1
            total.breaches += 1
        if org["id"] in here and org["parent_id"] not in here:
            top[org["id"]] = (members, full, found)
    top_organisations = list(Organisation.objects.filter(pk__in=list(top)).order_by("name"))
    for org in top_organisations:
        org.member_count, org.full_member_count, org.breach_list = top[org.pk]
    top_organisations.sort(key=lambda o: o.kind != Organisation.Kind.COMMITTEE)
    return RegionOverview(rows=[rows[c.code] for c in children], own=own, total=total,
                          top_organisations=top_organisations)


def region_history(region: Region) -> dict:
    """What this division was before and what it became (e.g. 荔浦县 450331 → 荔浦市 450381)."""
    return {
        "predecessors": list(Region.objects.filter(successor=region).order_by("code")),
        "successor": region.successor,
    }


def visible_region(scope: Scope, code: str):
    """A region of the scope by code, or None (the view turns that into a 404)."""
    return scope.regions().filter(code=code).select_related("parent", "successor").first()

