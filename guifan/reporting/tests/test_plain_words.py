"""Periods, approval levels and a report's value history in words, never codes (issue 10 item 4)."""

import pytest
from django.urls import reverse
from django.utils import translation

from guifan.accounts.scope import Scope
from guifan.facts import actions as facts
from guifan.facts import periods
from guifan.facts.models import FactReport, Period
from guifan.reporting import actions as workflow
from guifan.reporting.history import fact_label, value_text
from guifan.reporting.models import ReportEvent
from tests.visible_text import visible_text


@pytest.mark.parametrize("kind, number, chinese, english", [
    ("yearly", 0, "2018年度", "2018"), ("quarterly", 1, "2018年第1季度", "2018 Q1"),
    ("monthly", 3, "2018年3月", "March 2018"), ("monthly", 12, "2018年12月", "December 2018")])
def test_a_period_is_named_in_words_in_both_languages(kind, number, chinese, english):
    period = Period.build(kind, 2018, number)
    with translation.override("zh-hans"):
        assert str(period) == period.label == periods.title(period) == chinese
    with translation.override("en"):
        assert str(period) == english


def test_levels_are_named_by_the_region_levels(db):
    report = FactReport(approval_level="township")
    with translation.override("zh-hans"):
        assert report.get_approval_level_display() == "乡镇（街道）级"
        assert ReportEvent(level="county").get_level_display() == "县（市、区）级"
        assert ReportEvent(level="city").get_level_display() == "市级"
    assert FactReport().get_approval_level_display() == ""


def test_history_labels_and_values_in_words(pack):
    with translation.override("zh-hans"):
        assert fact_label(pack, "v10r_plaque") == "牌匾制作悬挂规范"
        assert fact_label(pack, "evidence:v10r_plaque") == "牌匾制作悬挂规范（佐证材料：照片）"
        assert fact_label(pack, "no_such_fact") == "已不在标准包中的指标"
        assert [value_text(v) for v in (True, False, None, "", 60.0, 2.5, "照片")] == [
            "是", "否", "—", "—", "60", "2.5", "照片"]
    assert fact_label(None, "v10r_plaque") == "A fact no longer in the standard pack"


def test_the_history_page_and_state_badge_show_no_code(client, users, two_counties, pack):
    org = two_counties["yangshuo"]["committee"]
    report = facts.get_report(org, Period.yearly(2018))
    facts.set_values(report, {"v10r_plaque": True}, user=users["organisation"], pack=pack)
    facts.set_evidence(report, {"v10r_plaque": "照片 3 张"}, user=users["organisation"])
    workflow.approve(workflow.submit(report, users["organisation"]), users["township"], Scope(users["township"]))
    client.force_login(users["township"])
    with translation.override("zh-hans"):
        page = client.get(reverse("reporting:history", args=[org.pk, "2018"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
        listing = client.get(reverse("reporting:completeness", args=["2018", org.region.code]),
                             HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    text = visible_text(html)
    assert "牌匾制作悬挂规范（佐证材料：照片）" in text and "是" in text and "照片 3 张" in text
    assert "2018年度" in text and "(乡镇（街道）级)" in text
    assert "v10r_plaque" not in text and "True" not in text and "township" not in text
    assert "v10r_plaque" in html  # under 详情, for pack authors
    assert "乡镇（街道）级" in visible_text(listing.content.decode())


def test_the_change_log_words_a_report_step(client, users, two_counties, pack):
    org = two_counties["yangshuo"]["committee"]
    report = facts.get_report(org, Period.quarterly(2018, 1))
    workflow.approve(workflow.submit(report, users["organisation"]), users["township"], Scope(users["township"]))
    client.force_login(users["city"])
    with translation.override("zh-hans"):
        html = client.get(reverse("core:changelog"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    text = visible_text(html)
    assert f"{org.name} 2018年第1季度" in text  # the report named by today's words, whatever was stored
    assert "审核层级: 乡镇（街道）级" in " ".join(text.split()) and "填报审核" in text
    assert "township" not in text and "2018Q1" not in text and "reporting:approve" in html  # the raw source: 详情
