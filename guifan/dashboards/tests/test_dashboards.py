"""Dashboards (issue 14 item 2): stored results only, scoped per level, the 大屏 JSON, and the boundary upload with
its refusals (nothing half-written)."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guifan.assessment.models import RegionResult
from guifan.core.models import ChangeLog
from guifan.dashboards import selectors, tiles
from guifan.dashboards.models import BoundaryFile
from guifan.facts.models import Period
from guifan.regions.models import Region
from guifan.reporting.models import CompletenessCount
from guifan.testing import Client

TEST_GEOJSON = Path(__file__).parent / "guilin-test-boundaries.geojson"
CITY, YANGSHUO, LINGUI = "450300", "450321", "450312"


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _upload(client, content: bytes, number="桂S(2023)12号", name="map.geojson"):
    return client.post(reverse("dashboards:boundaries", args=[CITY]),
                       {"file": SimpleUploadedFile(name, content), "approval_number": number})


def test_the_tile_grid_places_the_17_counties_and_districts_of_the_city(db):
    from guifan import testing as t

    t.region(CITY)
    counties = set(Region.objects.current().filter(parent__code=CITY).values_list("code", flat=True))
    assert len(counties) == 17 and set(tiles.positions()) == counties
    assert len(set(tiles.positions().values())) == 17  # no two on one tile


def test_city_dashboard_shows_every_county_as_a_tile_and_the_charts_data(assessed, users):
    response = _client(users["city"]).get(reverse("dashboards:region", args=[CITY]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-data"' in html and "<script>" not in html
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html,
                                re.S).group(1))
    assert data["year"] == 2018 and len(data["tiles"]) == 17
    assert html.count('class="tile tile-c') == 17
    yangshuo = next(r for r in data["ranking"] if r["code"] == YANGSHUO)
    stored = RegionResult.objects.get(run=assessed["run"], region__code=YANGSHUO)
    passed = sum(p for p, _j in stored.criteria.values())
    judged = sum(j for _p, j in stored.criteria.values())
    assert yangshuo["pass_rate"] == round(100 * passed / judged, 1)
    assert f'href="/dashboards/{YANGSHUO}/?year=2018"' in html  # drill down by click
    assert "数据看板" in html
    assert f'<span class="tile-value">{yangshuo["pass_rate"]}%</span>' in html  # a rate reads as on the score card


def test_the_dashboard_reads_the_stored_roll_up_not_a_recount(assessed, users):
    """Change the stored region result by hand: the dashboard shows the change, so it never recomputes."""
    city = Region.objects.get(code=CITY)
    stored = RegionResult.objects.get(run=assessed["run"], region=city, level="city")
    stored.stars = {"5": 40, "1": 2}
    stored.save()
    data = selectors.dashboard(_scope(users["admin"]), city, 2018)
    counts = {r["count"] for r in data["stars"]["rows"]}
    assert 40 in counts and 2 in counts


def _scope(user):
    from guifan.core.scoping import scope_for

    return scope_for(user)


def test_a_county_user_sees_only_their_county_and_below(assessed, users):
    client = _client(users["county"])
    assert client.get(reverse("dashboards:region", args=[CITY])).status_code == 404
    assert client.get(reverse("dashboards:data", args=[CITY])).status_code == 404
    assert client.get(reverse("dashboards:screen", args=[LINGUI])).status_code == 404
    assert client.get(reverse("dashboards:index")).url == reverse("dashboards:region", args=[YANGSHUO])
    response = client.get(reverse("dashboards:region", args=[YANGSHUO]))
    assert response.status_code == 200
    assert {r["code"] for r in response.context["data"]["ranking"]} <= {
        r.code for r in Region.objects.filter(parent__code=YANGSHUO)}
    assert client.get(reverse("dashboards:boundaries", args=[CITY])).status_code == 404


def test_an_organisation_account_has_no_dashboard(assessed, users):
    assert _client(users["organisation"]).get(reverse("dashboards:index")).status_code == 403


def test_the_screen_view_and_its_json_refresh(assessed, users):
    client = _client(users["county"])
    html = client.get(reverse("dashboards:screen", args=[YANGSHUO])).content.decode()
    assert 'data-refresh-url="/dashboards/450321/data.json' in html and 'data-refresh-seconds="60"' in html
    data = client.get(reverse("dashboards:data", args=[YANGSHUO])).json()
    assert data["region"]["code"] == YANGSHUO and data["has_run"]


def test_completeness_is_the_stored_counts_of_the_subtree(assessed, users):
    township = Region.objects.get(code="450321100")
    CompletenessCount.objects.create(period=Period.yearly(2018), region=township, expected=10, received=7,
                                     approved=3)
    data = selectors.dashboard(_scope(users["county"]), Region.objects.get(code=YANGSHUO), 2018)
    yearly = next(r for r in data["completeness"] if r["expected"] == 10)
    assert (yearly["received"], yearly["approved"], yearly["received_rate"]) == (7, 3, 70.0)
    assert next(r for r in data["ranking"] if r["code"] == "450321100")["completeness"] == 70.0


def test_colour_by_another_measure(assessed, users):
    data = selectors.dashboard(_scope(users["city"]), Region.objects.get(code=CITY), 2018, "rectification")
    assert data["measure"] == "rectification" and all(r["value"] is not None for r in data["ranking"])
    unknown = selectors.dashboard(_scope(users["city"]), Region.objects.get(code=CITY), 2018, "nonsense")
    assert unknown["measure"] == "pass_rate"


def test_a_boundary_file_is_stored_audited_and_shown_with_its_approval_number(assessed, users):
    client = _client(users["city"])
    response = _upload(client, TEST_GEOJSON.read_bytes())
    assert response.status_code == 302
    boundary = BoundaryFile.objects.get(region__code=CITY)
    assert boundary.code_property == "code" and boundary.approval_number == "桂S(2023)12号"
    log = ChangeLog.objects.get(object_type="dashboards.boundaryfile")
    assert log.after["bytes"] > 0 and "geojson" not in log.after
    html = client.get(reverse("dashboards:region", args=[CITY])).content.decode()
    assert "桂S(2023)12号" in html and 'data-chart="map"' in html and 'class="tile tile-c' not in html
    served = client.get(reverse("dashboards:geojson", args=[CITY]))
    assert json.loads(served.content)["type"] == "FeatureCollection"


@pytest.mark.parametrize("content, words", [
    (b"not json at all", "不是 GeoJSON"),
    (b'{"type": "Feature", "properties": {}}', "FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": []}', "没有任何要素"),
])
def test_a_file_that_is_not_geojson_is_refused_and_nothing_written(assessed, users, content, words):
    response = _upload(_client(users["city"]), content)
    assert response.status_code == 200 and words in response.content.decode()
    assert not BoundaryFile.objects.exists() and not ChangeLog.objects.filter(
        object_type="dashboards.boundaryfile").exists()


def test_a_file_missing_divisions_is_refused_naming_the_missing_codes(assessed, users):
    data = json.loads(TEST_GEOJSON.read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if f["properties"]["code"] not in (YANGSHUO, LINGUI)]
    response = _upload(_client(users["city"]), json.dumps(data).encode())
    text = response.content.decode()
    assert "缺少 2 个" in text and f"阳朔县 {YANGSHUO}" in text and f"临桂区 {LINGUI}" in text
    assert not BoundaryFile.objects.exists()


def test_a_file_with_a_code_outside_the_city_is_refused(assessed, users):
    data = json.loads(TEST_GEOJSON.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["code"] = "110101"
    data["features"].append(json.loads(TEST_GEOJSON.read_text(encoding="utf-8"))["features"][0])
    text = _upload(_client(users["city"]), json.dumps(data).encode()).content.decode()
    assert "110101" in text and not BoundaryFile.objects.exists()


def test_an_upload_without_approval_number_is_refused(assessed, users):
    response = _upload(_client(users["city"]), TEST_GEOJSON.read_bytes(), number="")
    assert response.status_code == 200 and not BoundaryFile.objects.exists()


def test_a_failed_replacement_keeps_the_earlier_file(assessed, users):
    client = _client(users["city"])
    _upload(client, TEST_GEOJSON.read_bytes())
    _upload(client, b"{broken", number="桂S(2024)1号")
    assert BoundaryFile.objects.get().approval_number == "桂S(2023)12号"


def test_only_the_city_uploads_boundaries(assessed, users):
    assert _client(users["county"]).get(reverse("dashboards:boundaries", args=[YANGSHUO])).status_code == 403


def test_the_model_sites_of_the_region_are_counted_and_colour_the_tiles(assessed, users):
    """M02 on the dashboard: the region's nominations by state from the stored nominations, and the published ones
    per subregion as a measure of the ranking and the tiles."""
    from guifan.modelsites.models import Nomination
    from guifan.orgs.models import Organisation

    organisation = Organisation.objects.filter(region__path__contains=f"/{YANGSHUO}/").first()
    Nomination.objects.create(organisation=organisation, year=2018, domain="R", state=Nomination.State.PUBLISHED,
                              grade="county", nominated_level="township", statement="示范", stars=5)
    city = Region.objects.get(code=CITY)
    data = selectors.dashboard(_scope(users["city"]), city, 2018, "model_sites")
    counts = {r["label"]: r["count"] for r in data["programmes"]["model_sites"]}
    assert counts["已推荐"] == 1 and counts["已公布"] == 1
    yangshuo = next(r for r in data["ranking"] if r["code"] == YANGSHUO)
    assert data["measure"] == "model_sites" and yangshuo["value"] == 1 and yangshuo["step"] == 4
    assert {r["value"] for r in data["ranking"] if r["code"] != YANGSHUO} <= {0}
    html = _client(users["city"]).get(reverse("dashboards:region", args=[CITY]), {"measure": "model_sites"})
    assert "已公布示范点" in html.content.decode() and 'data-rows="programmes.model_sites"' in html.content.decode()
    county = selectors.dashboard(_scope(users["county"]), Region.objects.get(code=YANGSHUO), 2018)
    assert {r["label"]: r["count"] for r in county["programmes"]["model_sites"]}["已公布"] == 1
