"""The report form a secretary can finish on a phone (issue 10 item 3): bad input refused in Chinese beside the field
and in the summary with nothing written or cleared; groups by standard with progress; the confirm step before
报送 naming the empty figures and the outliers; the return reason kept until approval; the notice read on open."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from guifan.facts.derived import derive_facts
from guifan.facts.models import FactChange, FactReport, Period
from guifan.reporting.forms import FigureField
from guifan.reporting.formspec import consistency_problems
from guifan.reporting.models import Notice


@pytest.fixture(autouse=True)
def chinese(english):
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def c(client, users):
    client.force_login(users["organisation"])
    return client


def _stored(setup):
    return FactReport.objects.get(organisation=setup["org"], period=setup["period"])


BAD = [
    ("", None),  # empty is allowed: "not reported" (warned before submit), tested below
    ("abc", "请填写数字"),
    ("十二", "请填写数字"),
    ("-4", "不能填负数"),
    ("1e23", "数值大得不合常理"),
    ("99,999,999,999", "不要带文字、单位或千位逗号"),
    ("3.5", "请填写整数"),  # a fraction of a count
]


@pytest.mark.parametrize(("typed", "message"), [b for b in BAD if b[1]])
def test_bad_input_is_refused_in_chinese_beside_the_field_and_in_the_summary_and_nothing_changes(
        c, setup, typed, message):
    """Issue 10 item 3: a value is never cleared by an input the browser could not parse."""
    c.post(setup["url"], {"service_fund_yuan": "8000", "member_poor_households": "2", "save": "1"})
    before = _stored(setup).values.copy()
    changes = FactChange.objects.count()
    field = "member_poor_households" if typed in ("-4", "99,999,999,999", "3.5") else "service_fund_yuan"
    r = c.post(setup["url"], {"service_fund_yuan": "8000", "member_poor_households": "2", field: typed,
                              "submit": "1"})
    page = r.content.decode()
    assert r.status_code == 200
    assert page.count(message) == 2  # beside the field and in the summary, once each
    assert 'id="form-summary"' in page and "1 处错误" in page and f'href="#id_{field}"' in page
    assert f'data-first-error="id_{field}"' in page  # the script scrolls there
    assert f'value="{typed}"' in page  # what was typed is kept for correcting
    assert "out of range" not in page and "1e+23" not in page
    report = _stored(setup)
    assert report.values == before and report.state == "draft"
    assert FactChange.objects.count() == changes


@pytest.mark.parametrize(("kind", "typed", "message"), [
    ("percent", "150", "百分比不能超过 100"), ("percent", "-1", "不能填负数"), ("number", "inf", "数值大得不合常理"),
    ("number", "nan", "数值大得不合常理"), ("integer", "1e15", None), ("integer", "１２", None)])
def test_every_kind_of_figure_is_checked_with_a_chinese_message(kind, typed, message):
    field = FigureField(kind, required=False)
    if message is None:
        assert field.clean(typed) in (10**15, 12)  # full-width digits of a Chinese keyboard are digits
        return
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert message in refused.value.messages[0]


def test_letters_are_sent_as_typed_not_as_an_empty_number(c, setup):
    """A text input with a numeric keypad: the browser sends letters as typed (type=number would send "")."""
    page = c.get(setup["url"]).content.decode()
    assert 'type="number"' not in page
    assert 'name="service_fund_yuan"' in page and 'inputmode="decimal"' in page


def test_empty_clears_on_purpose_and_is_named_before_submitting(c, setup):
    c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "save": "1"})
    r = c.post(setup["url"], {"secretary_basic_pay_yuan": "", "submit": "1"})
    page = r.content.decode()
    assert r.status_code == 200 and 'id="submit-confirm"' in page and "仍然报送" in page
    assert "判为“未报送”" in page and 'href="#id_secretary_basic_pay_yuan"' in page
    report = _stored(setup)
    assert "secretary_basic_pay_yuan" not in report.values and report.state == "draft"


def _progress(page) -> list[tuple[int, int]]:
    return [(int(v), int(m)) for m, v in re.findall(r'<progress class="meter[^"]*" max="(\d+)" value="(\d+)"', page)]


def test_groups_by_the_five_standards_with_progress_units_and_hints(c, setup, pack):
    empty = c.get(setup["url"]).content.decode()
    assert all(filled == 0 for filled, _total in _progress(empty)) and "已填 0 / " in empty
    c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "save": "1"})
    page = c.get(setup["url"]).content.decode()
    for pillar in pack.pillars.values():
        assert pillar["title"]["zh"] in page
    bars = _progress(page)
    assert len(bars) >= 5 and sum(t for _f, t in bars) == len([f for f in pack.reported_facts() if "R" in f.domains])
    assert sum(f for f, _t in bars) > 0  # the figure (and the answered yes/no boxes) count as filled
    assert '<span class="unit">元/年</span>' in page
    assert "人均可支配收入的两倍" in page  # the hint: the plan's sentence of the criterion reading the pay


def test_saved_summary_after_a_good_save(c, setup):
    r = c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "save": "1"}, follow=True)
    assert "已保存" in r.content.decode()


def test_submit_waits_for_confirmation_then_submits(c, setup, pack):
    derive_facts(pack, setup["period"])
    members = FactReport.objects.get(organisation=setup["org"], period=setup["period"]).derived["members_total"]
    absurd = {"member_poor_households": "99999999999", "secretary_basic_pay_yuan": "60"}
    r = c.post(setup["url"], {**absurd, "submit": "1"})
    page = r.content.decode()
    assert r.status_code == 200 and 'id="submit-confirm"' in page
    assert f"多于本组织在册的 {members} 人" in page  # the outlier against the register
    assert "党员贫困户数" in page  # named among the empty figures... and the warning
    report = _stored(setup)
    assert report.state == "draft" and report.values["member_poor_households"] == 99999999999  # saved as a draft
    assert not report.events.filter(action="submit").exists()
    c.post(setup["url"], {**absurd, "save": "1"})
    assert _stored(setup).state == "draft"  # saving again submits nothing
    r = c.post(setup["url"], {**absurd, "confirm": "1"})
    assert r.status_code == 302 and _stored(setup).state == "submitted"


def test_consistency_problems_warn_on_a_jump_against_last_year(pack):
    with translation.override("zh-hans"):
        found = consistency_problems(pack, {"service_activities": 200}, previous={"service_activities": 4},
                                     domain="A")
    assert any(codes == ("service_activities",) and "上年为 4" in message and not blocking
               for codes, message, blocking in found)
    assert not consistency_problems(pack, {"service_activities": 5}, previous={"service_activities": 4}, domain="A")


def test_return_reason_stays_until_approved_and_the_notice_is_read_on_open(c, setup, users):
    c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "confirm": "1"})
    township = c.__class__()
    township.force_login(users["township"])
    township.post(reverse("reporting:return", args=[setup["org"].pk, "2018"]), {"reason": "学时填错了"})
    notice = Notice.objects.get(user=users["organisation"], kind="returned")
    assert notice.read_at is None
    assert "学时填错了" in c.get(setup["url"]).content.decode()
    notice.refresh_from_db()
    assert notice.read_at is not None  # opening the returned report read its notice
    c.post(setup["url"], {"secretary_basic_pay_yuan": "58", "save": "1"})
    assert _stored(setup).state == "draft"
    assert "学时填错了" in c.get(setup["url"]).content.decode()  # kept after the draft save
    c.post(setup["url"], {"secretary_basic_pay_yuan": "58", "confirm": "1"})
    assert _stored(setup).state == "submitted"
    assert "学时填错了" in c.get(setup["url"]).content.decode()  # and while it waits for approval
    township.post(reverse("reporting:approve", args=[setup["org"].pk, "2018"]))
    assert _stored(setup).state == "approved"
    assert "学时填错了" not in c.get(setup["url"]).content.decode().split('id="report-form"')[0]


def test_titles_name_the_period_and_the_form(c, setup, two_counties):
    Period.quarterly(2018, 1)
    page = c.get(reverse("reporting:report", args=[setup["org"].pk, "2018Q1"])).content.decode()
    assert "2018年第1季度填报" in page and "2018年度填报</h1>" not in page
    crumbs = page.split('class="breadcrumbs"')[1].split("</ol>")[0]
    assert "2018Q1" not in crumbs and "2018年第1季度" in crumbs
    assert "年度填报" in c.get(setup["url"]).content.decode()
