"""Read-only queries for the organisation pages: stored subtree member counts, breaches, breadcrumbs."""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse

from guifan.core.scoping import Scope
from guifan.regions.selectors import region_crumbs

from . import rollups
from .models import Organisation, OrganisationCount


def subtree_member_counts(orgs) -> dict[int, tuple[int, int]]:
    """{org id: (members, full members)} over each organisation's subtree, as stored (guifan.orgs.rollups)."""
    ids = [org.pk for org in orgs]
    stored = OrganisationCount.objects.filter(pk__in=ids).values_list("pk", "members", "full_members")
    found = {pk: (members, full) for pk, members, full in stored}
    return {pk: found.get(pk, (0, 0)) for pk in ids}


def annotate_counts_and_breaches(scope: Scope, orgs, year: int | None = None) -> list[Organisation]:
    """Sets member_count, full_member_count (stored, over the whole subtree) and breach_list (judged on them with
    the pack of `year`, default the reporting year) on each organisation (host_unit selected)."""
    orgs = list(orgs)
    counts = subtree_member_counts(orgs)
    judge = rollups.judge(year or rollups.reporting_year())
    for org in orgs:
        org.member_count, org.full_member_count = counts[org.pk]
        org.breach_list = judge(org, org.member_count, org.full_member_count)
    return orgs


def visible_organisation(scope: Scope, pk: int):
    return (
        scope.organisations()
        .select_related("host_unit", "host_unit__region", "host_unit__parent", "region", "parent", "secretary")
        .filter(pk=pk).first()
    )


def organisation_crumbs(scope: Scope, org: Organisation) -> list[dict]:
    """From the user's root: regions down to the organisation's region (region roles), then organisations."""
    crumbs = []
    if scope.is_all or scope.region is not None:
        crumbs = region_crumbs(scope, org.region)
    ancestor_ids = [int(key) for key in org.ancestor_keys()]
    ancestors = scope.organisations().filter(pk__in=ancestor_ids).only("pk", "name", "depth").order_by("depth")
    for ancestor in [*ancestors, org]:
        crumbs.append({"label": ancestor.name, "url": reverse("orgs:detail", args=[ancestor.pk])})
    return crumbs


def organisation_page(scope: Scope, org: Organisation) -> dict:
    """Children with member counts, party groups with their members, the organisation's own breaches."""
    children = list(
        scope.organisations(org.children.exclude(kind=Organisation.Kind.GROUP))
        .select_related("host_unit").order_by("dissolved_on", "name")
    )
    annotate_counts_and_breaches(scope, [org, *children])
    groups = list(
        scope.organisations(org.children.filter(kind=Organisation.Kind.GROUP))
        .annotate(group_member_count=Coalesce(F("counts__group_members"), 0))
        .order_by("name")
    )
    covered = list(org.covered_units.order_by("name")) if org.setup == Organisation.SetUp.JOINT else []
    return {"children": children, "groups": groups, "covered_units": covered}
