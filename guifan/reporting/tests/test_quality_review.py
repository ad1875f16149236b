"""Outliers and broken rules shown to the approver before approving: on the report page and on the list page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan import testing as t
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import Organisation
from guifan.reporting import actions as approval

BOX = 'id="quality-review"'
HEADING = "请在审核前核实以下异常值"  # the page is in Chinese, the product's default language


@pytest.fixture
def period(pack):
    return Period.yearly(2018)


def rule_of(pack, fact, attribute):
    """The pack's outlier rule on `fact` that has `attribute` (max, max_ratio): limits are the pack's, never ours."""
    return next(r for r in pack.outlier_rules if r.fact == fact and getattr(r, attribute) is not None)


def submitted(org, period, user, values):
    report = get_report(org, period)
    set_values(report, values, user)
    return approval.submit(report, user)


def too_many_hours(pack):
    """An area above the pack's absolute limit (the training hours are derived now, not reported)."""
    return {"venue_area_m2": int(rule_of(pack, "venue_area_m2", "max").max) + 1}


def completeness_page(client, user, region):
    client.force_login(user)
    return client.get(reverse("reporting:completeness", args=["2018", region.code])).content.decode()


def test_outlier_is_shown_to_the_approver_next_to_approve_and_badged_on_the_list(client, users, two_counties, pack,
                                                                                 period):
    y = two_counties["yangshuo"]
    values = too_many_hours(pack)
    rule = rule_of(pack, "venue_area_m2", "max")
    outlier = submitted(y["committee"], period, users["organisation"], values)
    clean = submitted(y["branch"], period, users["organisation"], {"democratic_appraisals": 4})
    client.force_login(users["township"])
    page = client.get(reverse("reporting:report", args=[y["committee"].pk, "2018"])).content.decode()
    assert BOX in page and HEADING in page
    box = page[page.index(BOX):page.index('name="approve"')]  # the box comes just before the approve button
    assert pack.facts["venue_area_m2"].label["zh"] in box
    assert str(values["venue_area_m2"]) in box and rule.message["zh"] in box
    assert f'data-code="{rule.id}"' in box
    page = client.get(reverse("reporting:report", args=[y["branch"].pk, "2018"])).content.decode()
    assert BOX not in page and 'name="approve"' in page
    listing = completeness_page(client, users["township"], y["township"])
    assert f'id="outliers-{outlier.organisation_id}"' in listing and "1 个异常值" in listing
    assert f'id="outliers-{clean.organisation_id}"' not in listing
    # the county (the next level) sees the box too, before approving the township as a whole
    client.force_login(users["county"])
    page = client.get(reverse("reporting:report", args=[y["committee"].pk, "2018"])).content.decode()
    assert BOX in page and rule.message["zh"] in page


def test_ratio_to_last_year_and_no_query_per_organisation(client, users, two_counties, pack, period):
    y = two_counties["yangshuo"]
    ratio = rule_of(pack, "venue_area_m2", "max_ratio")
    area = 100
    assert area * ratio.max_ratio * 1.5 <= (ratio.max or float("inf"))  # an outlier by ratio only
    last_year = Period.yearly(2017)

    def reporting(org):
        FactReport.objects.create(organisation=org, period=last_year, values={"venue_area_m2": area},
                                  state=FactReport.State.APPROVED)  # no pack for 2017: stored as imported
        return submitted(org, period, users["admin"], {"venue_area_m2": int(area * ratio.max_ratio * 1.5)})

    first = reporting(y["committee"])
    completeness_page(client, users["township"], y["township"])  # warm: the pack is parsed once per process
    with CaptureQueriesContext(connection) as one:
        listing = completeness_page(client, users["township"], y["township"])
    assert f'id="outliers-{first.organisation_id}"' in listing
    for _ in range(3):
        reporting(t.organisation(y["village"], Organisation.Kind.BRANCH, parent=y["committee"]))
    with CaptureQueriesContext(connection) as four:
        listing = completeness_page(client, users["township"], y["township"])
    assert listing.count('class="badge warn outliers"') == 4
    assert len(four) == len(one)
    client.force_login(users["township"])
    page = client.get(reverse("reporting:report", args=[y["committee"].pk, "2018"])).content.decode()
    assert BOX in page and ratio.message["zh"] in page


def test_reporter_view_keeps_working_without_the_approver_box(client, users, two_counties, pack, period):
    y = two_counties["yangshuo"]
    url = reverse("reporting:report", args=[y["committee"].pk, "2018"])
    client.force_login(users["organisation"])
    r = client.post(url, {**too_many_hours(pack), "confirm": "1"})  # confirmed: the outlier was shown first
    assert r.status_code == 302  # an outlier is a warning: the report is submitted
    assert FactReport.objects.get(organisation=y["committee"]).state == "submitted"
    page = client.get(url)
    assert page.status_code == 200 and BOX not in page.content.decode()
    client.force_login(users["township"])
    client.post(reverse("reporting:approve", args=[y["committee"].pk, "2018"]))
    assert FactReport.objects.get(organisation=y["committee"]).state == "approved"
