"""The tree base (guifan.core.tree) under regions and organisations: paths, depths, ancestors, one-statement moves,
the tree filter of the filtersets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guifan import testing as t
from guifan.core.tree import TreeFilter, path_keys
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region

pytestmark = pytest.mark.django_db


def _updates(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and table in q["sql"]]


def test_organisation_paths_are_keys_and_depths_follow(two_counties):
    y = two_counties["yangshuo"]
    group = Organisation.objects.get(pk=y["group"].pk)
    assert group.path == f"/{y['committee'].pk}/{y['branch'].pk}/{group.pk}/"
    assert group.depth == 2
    assert [o.pk for o in group.ancestors()] == [y["committee"].pk, y["branch"].pk]
    assert set(y["committee"].descendants().values_list("pk", flat=True)) == {y["branch"].pk, group.pk}
    assert Organisation.objects.below(y["committee"]).count() == 2


def test_region_paths_are_codes_with_depths():
    township = t.region("450321100")
    assert township.path == "/450300/450321/450321100/"
    assert township.depth == 2 and t.region("450300").depth == 0
    assert [r.code for r in township.ancestors()] == ["450300", "450321"]
    assert path_keys(township.path) == ["450300", "450321", "450321100"]


def test_moving_an_organisation_rewrites_its_subtree_in_one_update(two_counties):
    """Issue 8 item 6: a subtree move is one UPDATE of paths, not two queries per descendant."""
    y, lingui = two_counties["yangshuo"], two_counties["lingui"]
    branch = Organisation.objects.get(pk=y["branch"].pk)
    for _ in range(5):  # more descendants: still one statement
        t.organisation(y["village"], Organisation.Kind.GROUP, parent=branch)
    branch.parent = lingui["committee"]
    with CaptureQueriesContext(connection) as ctx:
        branch.save()
    assert len(_updates(ctx.captured_queries, "orgs_organisation")) == 2  # the branch itself, then its subtree
    for org in Organisation.objects.filter(parent=branch):
        assert org.path == f"/{lingui['committee'].pk}/{branch.pk}/{org.pk}/" and org.depth == 2
    assert not Organisation.objects.filter(path__startswith=f"/{y['committee'].pk}/{branch.pk}/").exists()


def test_moving_up_lowers_depths(two_counties):
    y = two_counties["yangshuo"]
    branch = Organisation.objects.get(pk=y["branch"].pk)
    branch.parent = None
    branch.save()
    group = Organisation.objects.get(pk=y["group"].pk)
    assert (group.path, group.depth, branch.depth) == (f"/{branch.pk}/{group.pk}/", 1, 0)


def test_moving_a_region_rewrites_its_descendants_and_the_register_follows(two_counties):
    """A township moved to another county: its path and its organisations' county (the ancestor table) follow."""
    from guifan.orgs.models import OrganisationStructure, RegionCount

    township = t.region("450321100")
    lingui = t.region("450312")
    township.parent = lingui
    with CaptureQueriesContext(connection) as ctx:
        township.save()
    assert len(_updates(ctx.captured_queries, "regions_region")) == 2
    township.refresh_from_db()
    assert township.path == "/450300/450312/450321100/"
    committee = two_counties["yangshuo"]["committee"]
    assert OrganisationStructure.objects.get(pk=committee.pk).county_id == lingui.pk
    year_rows = RegionCount.objects.filter(region__code__in=["450312", "450321"])
    counts = {r.region.code: r.organisations for r in year_rows.select_related("region")}
    assert counts["450312"] == 6 and counts["450321"] == 0


def test_saving_other_fields_does_not_touch_paths(two_counties):
    region = t.region("450321")
    with CaptureQueriesContext(connection) as ctx:
        region.save(update_fields=["name"])
    assert len(ctx.captured_queries) == 1 and "path" not in ctx.captured_queries[0]["sql"]


def test_tree_filter_by_code_and_by_key(two_counties):
    y = two_counties["yangshuo"]
    by_region = TreeFilter(tree=Region, key="code", path="region__path")
    assert set(by_region.filter(Organisation.objects.all(), " 450321 ")) == {y["committee"], y["branch"], y["group"]}
    assert not by_region.filter(Organisation.objects.all(), "999999").exists()
    under = TreeFilter(tree=Organisation, include_self=False)
    assert set(under.filter(Organisation.objects.all(), y["committee"].pk)) == {y["branch"], y["group"]}
    assert by_region.filter(Organisation.objects.all(), "").count() == Organisation.objects.count()
    assert HostUnit.objects.count() == 2
