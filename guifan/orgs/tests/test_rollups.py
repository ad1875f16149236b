"""Stored register roll-ups (issue 8 items 2-3) equal a brute-force count of the register after any sequence of
actions: members created, transferred, changing status and category, joining party groups; organisations created,
moved, dissolved, their terms changed. Members counted: all but those who left the party, died or moved out of the
city (ORG-G-01, M01)."""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guifan import testing as t
from guifan.members import actions as member_actions
from guifan.members import rollups as member_rollups
from guifan.members.models import GONE_STATUSES, Member
from guifan.orgs import actions, rollups, rules
from guifan.orgs.models import (
    HostUnit,
    Organisation,
    OrganisationBreaches,
    OrganisationCount,
    OrganisationStructure,
    RegionCount,
)
from guifan.regions.models import Region

# The register rules are judged by the pack in effect (ORG-G-01): the shipped pack is stored.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_pack")]
OUT = GONE_STATUSES


def brute_force():
    """The region page's computation before the roll-ups were stored: organisation by organisation."""
    counted = Member.objects.exclude(status__in=OUT)
    own = Counter(counted.values_list("organisation_id", flat=True))
    own_full = Counter(counted.filter(category=Member.Category.FULL).values_list("organisation_id", flat=True))
    groups = Counter(counted.exclude(party_group=None).values_list("party_group_id", flat=True))
    orgs = list(Organisation.objects.select_related("host_unit", "region"))
    subtree = {o.pk: (sum(own[d.pk] for d in orgs if d.path.startswith(o.path)),
                      sum(own_full[d.pk] for d in orgs if d.path.startswith(o.path))) for o in orgs}
    members_of = Counter(counted.values_list("organisation__region__path", flat=True))
    regions = {}
    for region in Region.objects.all():
        active = [o for o in orgs if o.dissolved_on is None and o.region.path.startswith(region.path)]
        regions[region.code] = (
            len(active),
            sum(n for path, n in members_of.items() if path.startswith(region.path)),
            sum(1 for o in active if rules.breaches(o, *subtree[o.pk])),
        )
    return subtree, dict(groups), regions


def stored():
    year = rollups.reporting_year()
    counts = {c.pk: (c.members, c.full_members) for c in OrganisationCount.objects.all()}
    groups = {c.pk: c.group_members for c in OrganisationCount.objects.filter(group_members__gt=0)}
    regions = {r.region.code: (r.organisations, r.members, r.breaching)
               for r in RegionCount.objects.filter(year=year).select_related("region")
               if (r.organisations, r.members, r.breaching) != (0, 0, 0)}  # a rebuild writes every region
    return counts, groups, regions


def assert_stored_equals_brute_force():
    subtree, groups, regions = brute_force()
    counts, stored_groups, stored_regions = stored()
    assert counts == subtree
    assert stored_groups == groups
    assert {code: stored_regions.get(code, (0, 0, 0)) for code in regions} == regions
    for org in Organisation.objects.select_related("region"):
        structure = OrganisationStructure.objects.get(pk=org.pk)
        assert structure.region_id == org.region_id
        assert {structure.city_id, structure.county_id, structure.township_id} - {None} == set(
            Region.objects.filter(code__in=org.region.path.strip("/").split("/")).values_list("pk", flat=True))


def test_fixture_roll_ups_equal_the_brute_force_count(two_counties):
    assert_stored_equals_brute_force()
    _subtree, _groups, regions = brute_force()
    assert regions["450300"] == (6, 8, 2)  # two 党总支 of 4 members each breach the general-branch minimum


def test_rebuild_gives_what_the_actions_kept(two_counties):
    before = stored()
    OrganisationCount.objects.update(members=99)
    RegionCount.objects.all().delete()
    member_rollups.rebuild()
    assert stored() == before


def _member_data(org, **extra):
    return {"name": "新党员", "gender": Member.Gender.MALE, "id_number": t.id_number(org.region.code[:6]),
            "joined_on": dt.date(2010, 7, 1), "organisation": org, **extra}


def _apply(op, pick, value):
    holders = list(Organisation.objects.active().exclude(kind=Organisation.Kind.GROUP).order_by("pk"))
    members = list(Member.objects.order_by("pk"))
    org = holders[pick % len(holders)]
    if op == "create_member":
        category = (Member.Category.FULL, Member.Category.PROBATIONARY)[value % 2]
        member_actions.create_member(_member_data(org, category=category))
    elif op == "transfer" and members:
        member = members[pick % len(members)]
        target = holders[value % len(holders)]
        if target.pk != member.organisation_id:
            member_actions.transfer_member(member, target, date=dt.date(2020, 1, 1))
    elif op == "status" and members:
        status = list(Member.Status.values)[value % len(Member.Status.values)]
        member_actions.update_member(members[pick % len(members)], {"status": status})
    elif op == "category" and members:
        member_actions.update_member(members[pick % len(members)], {"category": Member.Category.PROBATIONARY})
    elif op == "join_group" and members:
        member = members[pick % len(members)]
        group = Organisation.objects.filter(parent_id=member.organisation_id, kind=Organisation.Kind.GROUP).first()
        if group is not None:
            member_actions.update_member(member, {"party_group": group})
    elif op == "move":
        parent = holders[value % len(holders)]
        actions.update_organisation(org, {"parent": parent})
    elif op == "dissolve" and len(holders) > 3:
        actions.update_organisation(org, {"dissolved_on": dt.date(2021, 6, 30)})
    elif op == "term":
        actions.update_organisation(org, {"term_start": dt.date(1995, 1, 1), "term_end": dt.date(1998, 1, 1)})
    elif op == "create_org":
        unit = HostUnit.objects.order_by("pk")[value % HostUnit.objects.count()]
        actions.create_organisation({"code": f"NEW{Organisation.objects.count()}{value}", "name": "新党支部",
                                     "kind": Organisation.Kind.BRANCH, "host_unit": unit, "parent": org})


OPS = st.sampled_from(["create_member", "transfer", "status", "category", "join_group", "move", "dissolve", "term",
                       "create_org"])
STEPS = st.lists(st.tuples(OPS, st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=8)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS)
def test_roll_ups_equal_the_brute_force_count_after_any_actions(two_counties, steps):
    for op, pick, value in steps:
        try:
            _apply(op, pick, value)
        except ValidationError:  # refused (a member of a dissolved organisation, a move under itself): no change
            pass
    assert_stored_equals_brute_force()


def test_a_term_that_ends_after_the_refresh_counts_as_a_breach_on_the_page(client, users, two_counties):
    """The stored verdict says when the term lapses: from the next day on the region counts it, before a refresh."""
    from django.urls import reverse

    branch = two_counties["lingui"]["branch"]
    year = rollups.reporting_year()
    OrganisationBreaches.objects.filter(organisation=branch, year=year).update(breaches=0, codes="",
                                                                             lapses_on=dt.date(2000, 1, 1))
    RegionCount.objects.filter(year=year).update(breaching=1)  # as if judged before the term's end
    client.force_login(users["admin"])
    overview = client.get(reverse("regions:detail", args=["450300"])).context["overview"]
    rows = {row.region.code: row.breaches for row in overview.rows}
    assert rows["450312"] == 2 and rows["450321"] == 1


def test_the_region_page_says_when_nothing_was_computed(client, users, two_counties):
    from django.urls import reverse

    RegionCount.objects.all().delete()
    client.force_login(users["admin"])
    response = client.get(reverse("regions:detail", args=["450300"]))
    assert response.context["overview"].computed is False
    assert 'id="not-computed"' in response.content.decode()
    assert response.context["overview"].total.members is None  # never a silent 0


@pytest.mark.parametrize("code", ["450300", "450321", "450321100"])
def test_region_page_numbers_equal_the_brute_force_count(client, users, two_counties, code):
    """The region page reads stored rows; its numbers are those of the old organisation-by-organisation count."""
    from django.urls import reverse

    t.member(two_counties["lingui"]["committee"], status=Member.Status.DECEASED)
    t.member(two_counties["yangshuo"]["committee"], category=Member.Category.PROBATIONARY)
    _subtree, _groups, regions = brute_force()
    client.force_login(users["admin"])
    overview = client.get(reverse("regions:detail", args=[code])).context["overview"]
    for row in overview.rows:
        assert (row.organisations, row.members, row.breaches) == regions[row.region.code]
    assert (overview.total.organisations, overview.total.members, overview.total.breaches) == regions[code]
    own = [regions[code][i] - sum(regions[r.region.code][i] for r in overview.rows) for i in range(3)]
    assert [overview.own.organisations, overview.own.members, overview.own.breaches] == own
