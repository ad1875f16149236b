"""`guifan completeness --year 2018 [--region CODE]` over the living sample year (issue 10 item 1)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from guifan.facts.models import FactReport, Period


def completeness(*args) -> list[list[str]]:
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("completeness", *args, stdout=out)
    return [line.split() for line in out.getvalue().splitlines()]


def test_the_city_period_by_period(living_year):
    lines = completeness("--year", "2018")
    assert "桂林市" in lines[0][0] and "2018" in lines[0][1]
    assert lines[1] == ["报告期", "应报", "已报", "按时", "逾期", "已审核",
                        "已审核至乡镇", "已审核至县级", "已审核至市级"]
    rows = {line[0]: [int(cell.replace(",", "")) for cell in line[1:]] for line in lines[2:-1]}
    assert len(rows) == 17 and list(rows)[:2] == ["2018年度", "2018年第1季度"]
    expected, received, on_time, late, approved, township, county, city = rows["2018年第1季度"]
    assert expected == received == approved == city and township == county == 0 and on_time + late == received
    reports = FactReport.objects.filter(period=Period.yearly(2018)).exclude(organisation__kind="group")
    expected, received, on_time, late, approved, township, county, city = rows["2018年度"]
    assert received == reports.filter(state__in=("submitted", "approved")).count() < expected
    assert (township, county, city) == tuple(reports.filter(state="approved", approval_level=level).count()
                                             for level in ("township", "county", "city"))
    # The year's deadline is still ahead (the demo's season is now): nothing is late yet; November's has passed.
    assert approved == township + county + city and late == 0 and on_time == received
    assert rows["2018年11月"][3] > 0 and rows["2018年11月"][2] > 0


def test_a_county_and_a_bad_code(living_year):
    county = {line[0]: line[1:] for line in completeness("--year", "2018", "--region", "450321")[2:-1]}
    city = {line[0]: line[1:] for line in completeness("--year", "2018")[2:-1]}
    assert 0 < int(county["2018年度"][0]) < int(city["2018年度"][0])
    with pytest.raises(CommandError, match="999999"):
        completeness("--year", "2018", "--region", "999999")
    with pytest.raises(CommandError):
        completeness("--year", "2030")
