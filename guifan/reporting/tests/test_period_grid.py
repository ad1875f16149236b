"""The year's quarterly and monthly figures on one page (issue 10 item 3): each cell saved on its own through the
report action, bad input refused beside the cell, approved periods locked, a period submitted from its column."""

import pytest
from django.urls import reverse
from django.utils import translation

from guifan.facts.models import FactChange, FactReport
from guifan.facts.periods import open_periods
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture(autouse=True)
def chinese(english):
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def setup(two_counties, users):
    pack = ensure_shipped_pack_loaded().pack()
    open_periods(pack)
    org = two_counties["yangshuo"]["committee"]
    return {"org": org, "pack": pack, "url": reverse("reporting:periods", args=[org.pk, 2018])}


@pytest.fixture
def c(client, users):
    client.force_login(users["organisation"])
    return client


def _cell(setup, period, code):
    return reverse("reporting:periods_cell", args=[setup["org"].pk, 2018, period, code])


def _report(setup, period):
    return FactReport.objects.filter(organisation=setup["org"], period__code=period).first()


def test_the_grid_has_a_row_per_fact_and_a_column_per_period(c, setup):
    page = c.get(setup["url"]).content.decode()
    assert 'id="grid-quarterly"' in page and 'id="grid-monthly"' in page
    assert "党员大会次数" in page and "支委会次数" in page and "第4季度" in page and "12月" in page
    assert 'id="cell-branch_committee_meetings-201812"' in page and 'hx-post="' in page
    assert 'class="table-wrap"' in page  # scrolls inside its box on a phone
    report_page = c.get(reverse("reporting:report", args=[setup["org"].pk, "2018"])).content.decode()
    assert setup["url"] in report_page  # linked from the yearly form and its period strip


def test_a_cell_saves_on_its_own(c, setup):
    r = c.post(_cell(setup, "201803", "branch_committee_meetings"), {"value": "2"})
    body = r.content.decode()
    assert r.status_code == 200 and body.startswith('<td id="cell-branch_committee_meetings-201803"')
    assert "已保存" in body and 'hx-swap-oob="true"' in body  # the period's state is updated beside it
    assert _report(setup, "201803").values == {"branch_committee_meetings": 2}
    assert _report(setup, "201804") is None  # no other period touched
    change = FactChange.objects.get(code="branch_committee_meetings")
    assert (change.old, change.new, change.source) == (None, 2, "form")


@pytest.mark.parametrize(("typed", "message"), [("abc", "请填写数字"), ("-1", "不能填负数"),
                                                ("1e23", "数值大得不合常理"), ("1.5", "请填写整数"),
                                                ("99,999,999,999", "千位逗号")])
def test_a_bad_cell_is_refused_beside_it_and_nothing_is_cleared(c, setup, typed, message):
    c.post(_cell(setup, "201803", "branch_committee_meetings"), {"value": "2"})
    r = c.post(_cell(setup, "201803", "branch_committee_meetings"), {"value": typed})
    body = r.content.decode()
    assert r.status_code == 200 and message in body and 'class="errorlist"' in body
    assert f'value="{typed}"' in body and 'aria-invalid="true"' in body
    assert _report(setup, "201803").values == {"branch_committee_meetings": 2}
    assert FactChange.objects.count() == 1


def test_an_outlier_cell_is_saved_with_its_warning(c, setup):
    body = c.post(_cell(setup, "201803", "branch_committee_meetings"), {"value": "40"}).content.decode()
    assert "超过10次" in body and _report(setup, "201803").values["branch_committee_meetings"] == 40


def test_approved_periods_are_locked(c, setup, users):
    c.post(_cell(setup, "2018Q1", "branch_member_meetings"), {"value": "1"})
    c.post(_cell(setup, "2018Q1", "party_lectures"), {"value": "1"})
    c.post(reverse("reporting:periods_submit", args=[setup["org"].pk, 2018]), {"period": "2018Q1"})
    assert _report(setup, "2018Q1").state == "submitted"
    township = c.__class__()
    township.force_login(users["township"])
    township.post(reverse("reporting:approve", args=[setup["org"].pk, "2018Q1"]))
    page = c.get(setup["url"]).content.decode()
    cell = page.split('id="cell-branch_member_meetings-2018Q1"')[1].split("</td>")[0]
    assert cell.startswith(' class="num locked"') and "<input" not in cell
    assert "<input" in page.split('id="cell-branch_member_meetings-2018Q2"')[1].split("</td>")[0]
    r = c.post(_cell(setup, "2018Q1", "branch_member_meetings"), {"value": "5"})
    assert "锁定" in r.content.decode() and _report(setup, "2018Q1").values["branch_member_meetings"] == 1


def test_a_period_with_empty_figures_is_submitted_only_when_confirmed(c, setup):
    submit = reverse("reporting:periods_submit", args=[setup["org"].pk, 2018])
    c.post(_cell(setup, "201805", "branch_committee_meetings"), {"value": "1"})
    r = c.post(submit, {"period": "201805"})
    page = r.content.decode()
    assert r.status_code == 200 and 'id="submit-confirm"' in page and "党小组会次数" in page and "仍然报送" in page
    assert _report(setup, "201805").state == "draft"
    c.post(submit, {"period": "201805", "confirm": "1"})
    assert _report(setup, "201805").state == "submitted"


def test_submit_every_ready_period_at_once(c, setup):
    for month in ("201801", "201802"):
        for code in ("branch_committee_meetings", "party_group_meetings_min"):
            c.post(_cell(setup, month, code), {"value": "1"})
    c.post(_cell(setup, "201803", "branch_committee_meetings"), {"value": "1"})  # not complete
    page = c.get(setup["url"]).content.decode()
    assert 'id="submit-ready"' in page and "报送已填完的 2 个报告期" in page
    r = c.post(reverse("reporting:periods_submit", args=[setup["org"].pk, 2018]), {"period": "all"}, follow=True)
    assert "已报送，等待审核：2018年1月、2018年2月" in r.content.decode()
    assert [_report(setup, p).state for p in ("201801", "201802", "201803")] == ["submitted", "submitted", "draft"]


def test_only_the_organisations_own_users_fill_it(client, setup, users, two_counties):
    client.force_login(users["township"])
    assert client.get(setup["url"]).status_code == 200  # reads it
    assert client.post(_cell(setup, "201803", "branch_committee_meetings"), {"value": "2"}).status_code == 403
    client.force_login(users["organisation"])
    other = reverse("reporting:periods", args=[two_counties["lingui"]["committee"].pk, 2018])
    assert client.get(other).status_code == 404
    assert client.post(_cell(setup, "2018", "branch_committee_meetings"), {"value": "2"}).status_code == 404
    assert client.post(_cell(setup, "201803", "member_poor_households"), {"value": "2"}).status_code == 404
