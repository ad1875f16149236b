"""The pages of the expansion list (M01): the county finds the gaps, sees its townships' counts, closes a task once
the register shows it fixed (refused before, with the message shown); outside the scope is a 404; the export in
xlsx and csv."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from guifan import testing as t
from guifan.expansion.models import ExpansionTask
from guifan.orgs.models import HostUnit

YS, YS2, LG = "450321100", "450321101", "450312100"


def _client(user):
    c = t.Client()
    c.force_login(user)
    return c


@pytest.fixture
def listed(two_counties, users, pack_version):
    from guifan.regions.models import Region

    second = Region.objects.filter(parent=two_counties["yangshuo"]["county"]).exclude(code=YS).first().code
    units = {"a": t.host_unit(YS, HostUnit.Kind.ENTERPRISE, headcount=120, name="阳朔扩面甲公司"),
             "b": t.host_unit(second, HostUnit.Kind.SOCIAL_ORG, headcount=40, name="阳朔扩面乙协会"),
             "l": t.host_unit(LG, HostUnit.Kind.ENTERPRISE, headcount=120, name="临桂扩面丙公司")}
    return {**two_counties, "users": users, "units": units, "second": second}


def test_walk_find_counts_close(listed):
    county = _client(listed["users"]["county"])
    r = county.post(reverse("expansion:find"), follow=True)
    assert r.status_code == 200 and "阳朔扩面甲公司" in r.content.decode()
    assert not ExpansionTask.objects.filter(host_unit=listed["units"]["l"]).exists()
    county.post(reverse("expansion:find"))
    assert ExpansionTask.objects.filter(host_unit=listed["units"]["a"]).count() == 1
    html = county.get(reverse("expansion:index")).content.decode()
    assert 'data-count="open"' in html and listed["yangshuo"]["township"].name in html
    task = ExpansionTask.objects.get(host_unit=listed["units"]["a"])
    page = county.get(reverse("expansion:detail", args=[task.pk])).content.decode()
    assert 'data-register="gap"' in page
    r = county.post(reverse("expansion:close", args=[task.pk]), {"note": ""}, follow=True)
    assert "登记信息仍显示" in r.content.decode() or "still shows" in r.content.decode()
    assert ExpansionTask.objects.get(pk=task.pk).state == "open"
    t.organisation(listed["units"]["a"])
    assert 'data-register="fixed"' in county.get(reverse("expansion:detail", args=[task.pk])).content.decode()
    county.post(reverse("expansion:close", args=[task.pk]), {"note": "已建支部"})
    assert ExpansionTask.objects.get(pk=task.pk).state == "fixed"
    fixed = county.get(reverse("expansion:index"), {"status": "fixed"}).content.decode()
    assert "阳朔扩面甲公司" in fixed and "阳朔扩面乙协会" not in fixed


def test_region_counts_per_township(listed):
    from guifan.accounts.scope import Scope
    from guifan.expansion import actions, selectors

    county = listed["users"]["county"]
    actions.find(Scope(county), today=dt.date(2018, 1, 1))
    b = ExpansionTask.objects.get(host_unit=listed["units"]["b"])  # overdue by now
    assert b.region.code == listed["second"]
    today = dt.date(2018, 5, 1)
    ExpansionTask.objects.filter(host_unit=listed["units"]["a"]).update(deadline=dt.date(2018, 12, 1))
    totals, rows = selectors.region_counts(Scope(county), listed["yangshuo"]["county"], today)
    by = {r["region"]: r for r in rows}
    assert by[b.region_id]["overdue"] == 1 and by[b.region_id]["open"] == 0
    assert by[listed["yangshuo"]["township"].pk]["open"] >= 1
    assert totals["overdue"] >= 1 and totals["fixed"] == 0
    city_totals, city_rows = selectors.region_counts(Scope(listed["users"]["city"]), t.region("450300"), today)
    assert {r["region"] for r in city_rows} == {listed["yangshuo"]["county"].pk}
    assert city_totals == totals


def test_outside_the_scope_is_a_404(listed):
    from guifan.accounts.scope import Scope
    from guifan.expansion import actions

    actions.find(Scope(listed["users"]["city"]))
    outside = ExpansionTask.objects.get(host_unit=listed["units"]["l"])
    county = _client(listed["users"]["county"])
    for name in ("expansion:detail", "expansion:close", "expansion:deadline"):
        assert county.get(reverse(name, args=[outside.pk])).status_code in (404, 405)
        assert county.post(reverse(name, args=[outside.pk]), {"deadline": "2030-01-01"}).status_code == 404
    assert ExpansionTask.objects.get(pk=outside.pk).deadline != dt.date(2030, 1, 1)
    assert "临桂扩面丙公司" not in county.get(reverse("expansion:index")).content.decode()
    organisation = _client(listed["users"]["organisation"])
    assert "阳朔扩面甲公司" not in organisation.get(reverse("expansion:index")).content.decode()
    organisation.post(reverse("expansion:find"))


def test_deadline_in_the_past_refused_on_the_page(listed):
    from guifan.accounts.scope import Scope
    from guifan.expansion import actions

    actions.find(Scope(listed["users"]["township"]))
    task = ExpansionTask.objects.get(host_unit=listed["units"]["a"])
    before = task.deadline
    township = _client(listed["users"]["township"])
    r = township.post(reverse("expansion:deadline", args=[task.pk]), {"deadline": "2001-01-01"}, follow=True)
    assert "完成期限不能早于今天" in r.content.decode() or "past" in r.content.decode()
    assert ExpansionTask.objects.get(pk=task.pk).deadline == before


def test_export_xlsx_and_csv(listed):
    from guifan.accounts.scope import Scope
    from guifan.core.models import SecurityEvent
    from guifan.expansion import actions

    actions.find(Scope(listed["users"]["city"]))
    county = _client(listed["users"]["county"])
    r = county.get(reverse("expansion:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "阳朔扩面甲公司" in names and "临桂扩面丙公司" not in names
    r = county.get(reverse("expansion:export"), {"format": "csv", "gap": "uncovered_unit"})
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert r["Content-Type"].startswith("text/csv")
    assert {row[1] for row in rows[1:]} == {"阳朔扩面甲公司", "阳朔扩面乙协会"}
    assert SecurityEvent.objects.filter(event="export", detail__sheet="expansion").count() == 2


def test_purpose_is_a_kind_in_the_register(listed):
    """Task-specific and functional organisations (M01): set on the organisation, shown and filterable."""
    from guifan.orgs import actions as org_actions
    from guifan.orgs.models import Organisation

    branch = listed["yangshuo"]["branch"]
    org_actions.update_organisation(branch, {"purpose": Organisation.Purpose.TASK_POVERTY})
    assert Organisation.objects.get(pk=branch.pk).purpose == "task_poverty"
    county = _client(listed["users"]["county"])
    page = county.get(reverse("orgs:detail", args=[branch.pk])).content.decode()
    assert "脱贫攻坚" in page or "poverty" in page
    listing = county.get(reverse("orgs:list"), {"purpose": "task_poverty"}).content.decode()
    assert branch.name in listing and listed["yangshuo"]["committee"].name not in listing
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        org_actions.update_organisation(branch, {"purpose": "nonsense"})
    assert Organisation.objects.get(pk=branch.pk).purpose == "task_poverty"


def test_the_city_finds_in_the_background(listed, monkeypatch, settings):
    """A scope larger than INLINE_ORGANISATIONS is a job (expansion_find); its counts are kept on it."""
    from guifan.core.jobs import runner
    from guifan.core.models import Job
    from guifan.expansion import jobs

    monkeypatch.setattr(jobs, "INLINE_ORGANISATIONS", 2)
    city = _client(listed["users"]["city"])
    r = city.post(reverse("expansion:find"))
    job = Job.objects.get(kind=jobs.KIND)
    assert r.status_code == 302 and r.url == reverse("jobs:detail", args=[job.pk])
    runner.run(str(job.pk))
    job.refresh_from_db()
    assert job.state == "done" and job.params["created"] == ExpansionTask.objects.count() >= 3
    assert ExpansionTask.objects.filter(host_unit=listed["units"]["l"]).exists()
