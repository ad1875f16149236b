"""Read-only queries for the organisation pages: subtree member counts, breaches, breadcrumbs."""

from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse

from guifan.accounts.scope import Scope

from . import rules
from .models import Organisation


def roll_up(per_path: dict[str, list[int]]) -> dict[str, tuple[int, int]]:
    """Counts per organisation path added up to every ancestor path: {path: (members, full members)}."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, (members, full) in per_path.items():
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            acc = totals["/" + "/".join(parts[:i]) + "/"]
            acc[0] += members
            acc[1] += full
    return {path: (m, f) for path, (m, f) in totals.items()}


def _covering_paths(paths) -> list[str]:
    """The fewest paths whose subtrees contain all the given ones."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def subtree_member_counts(scope: Scope, orgs) -> dict[int, tuple[int, int]]:
    """{org id: (members, full members)} over each organisation's subtree, in one grouped query."""
    from guifan.members.models import Member

    orgs = list(orgs)
    if not orgs:
        return {}
    within = Q()
    for path in _covering_paths(o.path for o in orgs):
        within |= Q(organisation__path__startswith=path)
    rows = (
        scope.members().filter(within)
        .exclude(status__in=[Member.Status.LEFT, Member.Status.DECEASED])
        .values("organisation__path", "category")
        .annotate(n=Count("id"))
    )
    per_path: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        per_path[row["organisation__path"]][0] += row["n"]
        if row["category"] == Member.Category.FULL:
            per_path[row["organisation__path"]][1] += row["n"]
    totals = roll_up(per_path)
    return {org.pk: totals.get(org.path, (0, 0)) for org in orgs}


def annotate_counts_and_breaches(scope: Scope, orgs) -> list[Organisation]:
    """Sets member_count, full_member_count and breach_list on each organisation (host_unit selected)."""
    orgs = list(orgs)
    counts = subtree_member_counts(scope, orgs)
    judge = rules.for_year()  # the register rules of the current reporting year's pack
    for org in orgs:
        org.member_count, org.full_member_count = counts[org.pk]
        org.breach_list = judge.breaches(org, org.member_count, org.full_member_count)
    return orgs


def visible_organisation(scope: Scope, pk: int):
    return (
        scope.organisations()
        .select_related("host_unit", "host_unit__region", "host_unit__parent", "region", "parent", "secretary")
        .filter(pk=pk).first()
    )


def organisation_crumbs(scope: Scope, org: Organisation) -> list[dict]:
    """From the user's root: regions down to the organisation's region (region roles), then organisations."""
    from guifan.regions.selectors import region_crumbs

    crumbs = []
    if scope.is_all or scope.region is not None:
        crumbs = region_crumbs(scope, org.region)
    ancestor_ids = [int(p) for p in org.path.strip("/").split("/")[:-1]]
    ancestors = scope.organisations().filter(pk__in=ancestor_ids).only("pk", "name", "depth").order_by("depth")
    for ancestor in [*ancestors, org]:
        crumbs.append({"label": ancestor.name, "url": reverse("orgs:detail", args=[ancestor.pk])})
    return crumbs


def organisation_page(scope: Scope, org: Organisation) -> dict:
    """Children with member counts, party groups with their members, the organisation's own breaches."""
    from guifan.members.models import Member

    children = list(
        scope.organisations(org.children.exclude(kind=Organisation.Kind.GROUP))
        .select_related("host_unit").order_by("dissolved_on", "name")
    )
    annotate_counts_and_breaches(scope, [org, *children])
    groups = list(
        scope.organisations(org.children.filter(kind=Organisation.Kind.GROUP))
        .annotate(group_member_count=Count(
            "group_members", filter=~Q(group_members__status__in=[Member.Status.LEFT, Member.Status.DECEASED])))
        .order_by("name")
    )
    covered = list(org.covered_units.order_by("name")) if org.setup == Organisation.SetUp.JOINT else []
    return {"children": children, "groups": groups, "covered_units": covered}
