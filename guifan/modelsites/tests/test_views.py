"""The model-site pages through the scope: the township nominates (a refusal shown, nothing written), the county
reviews, the city selects and publishes; the counts, the published list, the site's page, the export (xlsx and csv);
outside the scope is a 404."""

import io

import openpyxl
from django.urls import reverse

from guifan import testing as t
from guifan.modelsites.models import Nomination, Publication

from .conftest import PASSED, YEAR, stored_run

State = Nomination.State


def _client(user):
    c = t.Client()
    c.force_login(user)
    return c


def _index(client, **params):
    return client.get(reverse("modelsites:index"), {"year": YEAR, **params}, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_walk_through_the_pages(sites, users, pack_version):
    township, county, city = _client(users["township"]), _client(users["county"]), _client(users["city"])
    page = _index(township)
    assert page.status_code == 200 and "推荐示范点" in page.content.decode()
    stored_run(pack_version, {sites["org_y"]: (3, PASSED), sites["org_l"]: (5, PASSED)})
    refused = township.post(reverse("modelsites:nominate") + f"?year={YEAR}", {"code": sites["org_y"].code},
                            HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "未达到农村基层党组织规范化建设示范点创建标准" in refused.content.decode()
    assert not Nomination.objects.exists()
    stored_run(pack_version, {sites["org_y"]: (5, PASSED), sites["org_l"]: (5, PASSED)})
    township.post(reverse("modelsites:nominate") + f"?year={YEAR}", {"code": sites["org_y"].code,
                                                                      "statement": "服务大厅规范"})
    found = Nomination.objects.get()
    assert 'data-count="nominated">1<' in _index(city).content.decode()
    township.post(reverse("modelsites:review", args=[found.pk]), {"decision": "approve"})
    assert Nomination.objects.get().state == State.NOMINATED  # the township does not review
    county.post(reverse("modelsites:review", args=[found.pk]), {"decision": "approve"})
    assert Nomination.objects.get().state == State.APPROVED
    detail = city.get(reverse("modelsites:detail", args=[found.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "达到创建标准" in detail and "服务大厅规范" in detail and "评定为示范点" in detail
    city.post(reverse("modelsites:select", args=[found.pk]), {"grade": "city"})
    assert Nomination.objects.get().grade == "city"
    city.post(reverse("modelsites:publish"), {"year": YEAR})
    assert Publication.objects.get().sites == 1
    listed = city.get(reverse("modelsites:published"), {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = listed.content.decode()
    assert "市级示范点" in text and sites["org_y"].name in text
    assert 'data-count="published">1<' in _index(county).content.decode()


def test_export_xlsx_and_csv(sites, users):
    from guifan.accounts.scope import Scope
    from guifan.modelsites import actions

    actions.nominate(sites["org_y"], YEAR, scope=Scope(users["township"]), statement="x")
    actions.nominate(sites["org_l"], YEAR, scope=Scope(users["admin"]))
    county = _client(users["county"])
    response = county.get(reverse("modelsites:export"), {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == sites["org_y"].name  # the county's own only
    assert rows[1][4] == "农村基层党组织规范化建设示范点"
    response = county.get(reverse("modelsites:export"), {"year": YEAR, "format": "csv"},
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and sites["org_y"].name in text
    assert sites["org_l"].name not in text


def test_outside_the_scope_is_a_404(sites, users):
    from guifan.accounts.scope import Scope
    from guifan.modelsites import actions

    outside = actions.nominate(sites["org_l"], YEAR, scope=Scope(users["admin"]))
    county = _client(users["county"])
    assert county.get(reverse("modelsites:detail", args=[outside.pk])).status_code == 404
    assert county.post(reverse("modelsites:review", args=[outside.pk]), {"decision": "approve"}).status_code == 404
    assert Nomination.objects.get().state == State.NOMINATED
    assert sites["org_l"].name not in _index(county).content.decode()


def test_the_creation_standards_are_shown_from_the_pack(sites, users, pack_version):
    """Each kind's standard on the first page, in words: the lowest star level, the criteria that must pass, the
    conditions and the places per grade; under a copy of the pack with other numbers, the page shows those."""
    text = _index(_client(users["township"])).content.decode()
    assert "创建标准" in text and "农村基层党组织规范化建设示范点" in text and "最低星级" in text
    assert "村级活动场所" in text and "书记岗位已配备" in text and "软弱涣散" in text
    assert "市级示范点：10个名额，须五星级以上" in text and "县级示范点：15个名额，须四星级以上" in text
    assert "R-GUAR-venue" not in text  # titles, not codes
    from .test_actions import _copy

    copy = _copy(pack_version, "      quotas: {city: 10, county: 15, township: 15}\n",
                 "      quotas: {city: 10, county: 1, township: 29}\n")
    stored_run(copy, {sites["org_y"]: (5, PASSED)})
    text = _index(_client(users["township"])).content.decode()
    assert "县级示范点：1个名额，须四星级以上" in text and "乡级示范点：29个名额" in text
