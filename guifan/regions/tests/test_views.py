"""The region page: child divisions with counts, top organisations, history, scope."""

import datetime as dt

import pytest
from django.urls import reverse

from guifan import testing as t
from guifan.orgs.models import HostUnit, Organisation

# The register rules are judged by the pack in effect (ORG-G-01): the shipped pack is stored.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_pack")]


def _page(client, user, code):
    client.force_login(user)
    return client.get(reverse("regions:detail", args=[code]))


def test_city_page_counts_per_county(client, users, two_counties, shipped_pack):
    response = _page(client, users["city"], "450300")
    assert response.status_code == 200
    rows = {row.region.code: row for row in response.context["overview"].rows}
    assert (rows["450321"].organisations, rows["450321"].members) == (3, 4)
    assert (rows["450312"].organisations, rows["450312"].members) == (3, 4)
    # each 党总支 has 4 members, fewer than the general-branch minimum of the register rules
    assert rows["450321"].breaches == 1
    assert response.context["overview"].total.members == 8
    html = response.content.decode()
    assert "阳朔县" in html and "临桂区" in html


def test_township_page_lists_top_level_organisations_only(client, users, two_counties):
    y = two_counties["yangshuo"]
    response = _page(client, users["township"], "450321100")
    assert response.status_code == 200
    top = response.context["overview"].top_organisations
    assert [o.pk for o in top] == [y["committee"].pk]
    assert top[0].member_count == 4
    html = response.content.decode()
    assert reverse("orgs:detail", args=[y["committee"].pk]) in html
    assert "党总支" in html


def test_breadcrumbs_start_at_the_users_root(client, users, two_counties):
    response = _page(client, users["county"], "450321100")
    labels = [c["label"] for c in response.context["breadcrumbs"]]
    assert labels[0] == "阳朔县" and "桂林市" not in labels


def test_regions_outside_the_scope_are_404(client, users, two_counties):
    assert _page(client, users["county"], "450312").status_code == 404
    assert _page(client, users["county"], "450300").status_code == 404
    assert _page(client, users["organisation"], "450321").status_code == 404
    assert _page(client, users["member"], "450321").status_code == 403  # a member sees only their own record


def test_region_history_is_shown(client, users, two_counties):
    old = _page(client, users["admin"], "450331").content.decode()
    assert "荔浦市" in old and "2018-12-31" in old
    new = _page(client, users["admin"], "450381").content.decode()
    assert "荔浦县" in new and "450331" in new
    city = _page(client, users["admin"], "450300").content.decode()
    assert "荔浦县" in city


def test_query_count_does_not_grow_with_organisations(client, users, two_counties, django_assert_max_num_queries,
                                                     shipped_pack):
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE)
    for _ in range(30):
        branch = t.organisation(unit, Organisation.Kind.BRANCH, term_end=dt.date(2000, 1, 1),
                                term_start=dt.date(1997, 1, 1))
        t.member(branch)
    client.force_login(users["city"])
    # 16 + the second-factor device (django-otp checks it per request) + the menu's link to the user's exports
    with django_assert_max_num_queries(18):
        response = client.get(reverse("regions:detail", args=["450321100"]))
    assert response.status_code == 200
    assert len(response.context["overview"].top_organisations) == 31
    assert "任期已于 2000-01-01 届满" in response.content.decode()
