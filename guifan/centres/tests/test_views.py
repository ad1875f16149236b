"""The pages of the centres and the platform rating through the scope: the district records its centre and a
photo, the list and counts show it, the exports (xlsx and csv) hold it; the city rates a platform; a centre outside
the scope is a 404 and a refusal on a page writes nothing."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guifan import testing as t
from guifan.centres.models import PlatformRating, ServiceCentre

from .conftest import ALL_AREAS, YEAR

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _client(user):
    c = t.Client()
    c.force_login(user)
    return c


def _centre_post(**extra):
    return {"name": "秀峰区党群服务中心", "address": "中山路1号", "area_m2": "1500", "staff": "6", "own_site": "on",
            "function_areas": ALL_AREAS, "rules_present": "on", **extra}


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_district_records_its_centre_and_sees_it(world):
    district, city = _client(world["xiufeng_user"]), _client(world["city"])
    page = district.get(reverse("centres:new"), {"level": "district", "region": "450302"})
    assert page.status_code == 200
    r = district.post(reverse("centres:new"), {"level": "district", "region": "450302", **_centre_post()})
    centre = ServiceCentre.objects.get()
    assert r.status_code == 302 and centre.passed and centre.level == "district"
    detail = district.get(reverse("centres:detail", args=[centre.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "一站式服务大厅" in detail.content.decode()
    district.post(reverse("centres:upload", args=[centre.pk]), {"file": SimpleUploadedFile("p.png", PNG)})
    item = centre.files.get()
    assert district.get(reverse("centres:file", args=[item.pk])).status_code == 200
    html = city.get(reverse("centres:index")).content.decode()
    assert 'data-count="district">1<' in html and 'data-passed="district">1<' in html and "秀峰区" in html
    # a refusal on the page (a second district centre, an absurd area) writes nothing
    district.post(reverse("centres:new"), {"level": "district", "region": "450302", **_centre_post(name="又一个")})
    district.post(reverse("centres:detail", args=[centre.pk]), _centre_post(area_m2="-3"))
    centre.refresh_from_db()
    assert ServiceCentre.objects.count() == 1 and centre.area_m2 == 1500
    xlsx = city.get(reverse("centres:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(_content(xlsx))).active
    assert [c.value for c in sheet[2]][1:3] == ["秀峰区党群服务中心", "秀峰区"]
    rows = list(csv.reader(io.StringIO(_content(city.get(reverse("centres:export"), {"format": "csv"}))
                                       .decode("utf-8-sig"))))
    assert rows[1][1] == "秀峰区党群服务中心" and len(rows) == 2


def test_stations_on_the_district_page(world):
    district = _client(world["xiufeng_user"])
    district.post(reverse("centres:add_station"), {"region": "450302", "name": "象鼻山党群旅游驿站"})
    html = district.get(reverse("centres:index"), {"region": "450302"}).content.decode()
    assert "象鼻山党群旅游驿站" in html and 'data-count="stations">1<' in html


def test_the_city_rates_a_platform_on_the_page(world):
    city = _client(world["city"])
    page = city.get(reverse("centres:platform"), {"year": YEAR})
    assert page.status_code == 200 and 'name="score_linked"' in page.content.decode()
    post = {"year": YEAR, "county": "450321", "score_linked": "20", "score_content": "18", "score_wechat": "16",
            "score_poverty": "14", "score_model_sites": "12", "evidence_linked": "已接入",
            "sites_village": "阳朔测试村\n"}
    city.post(reverse("centres:rate"), post)
    rating = PlatformRating.objects.get()
    assert rating.grade == "good" and rating.model_sites == [{"level": "village", "name": "阳朔测试村"}]
    city.post(reverse("centres:rate"), {**post, "score_linked": "99"})
    rating.refresh_from_db()
    assert rating.scores["linked"] == "20"
    html = city.get(reverse("centres:platform"), {"year": YEAR}).content.decode()
    assert 'data-grade="450321">' in html
    sheet = openpyxl.load_workbook(io.BytesIO(_content(city.get(reverse("centres:platform_export"),
                                                                 {"year": YEAR})))).active
    assert sheet[2][0].value == "阳朔县"
    county = _client(world["county"])  # a county neither sees the form nor rates
    assert 'name="score_linked"' not in county.get(reverse("centres:platform"), {"year": YEAR}).content.decode()
    county.post(reverse("centres:rate"), {**post, "score_linked": "1"})
    rating.refresh_from_db()
    assert rating.scores["linked"] == "20"


def test_outside_the_scope_is_a_404(world):
    district = _client(world["xiufeng_user"])
    district.post(reverse("centres:new"), {"level": "district", "region": "450302", **_centre_post()})
    centre = ServiceCentre.objects.get()
    county = _client(world["county"])
    assert county.get(reverse("centres:detail", args=[centre.pk])).status_code == 404
    assert county.get(reverse("centres:index"), {"region": "450302"}).status_code == 404
    assert "秀峰区党群服务中心" not in county.get(reverse("centres:index")).content.decode()
