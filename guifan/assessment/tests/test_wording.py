"""The check-up report's numbers (issue 10 item 5): each rounded as its unit is counted, rates as percentages, yes/no
in words, a checklist as items; the unit of a criterion's actual value found from its check."""

import pytest
from django.utils import translation

from guifan.assessment import wording
from guifan.standards.expressions import nodes as n


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (61.23229720993308, "学时", "61.2 学时"),
    (115191.15575237887, "元", "115,191 元"),
    (115191.5, "元/年", "115,192 元/年"),
    (12.0, "人", "12 人"),
    (3.45, "人", "3.5 人"),
    (85.04, "%", "85.0%"),
    (56.0, "学时", "56 学时"),
    (0.8571, wording.SHARE, "85.7%"),
    (1.0, wording.YES_NO, "是"),
    (0.0, wording.YES_NO, "否"),
    (7.0, wording.ITEMS, "7 项"),
    (None, "元", "未报送"),
])
def test_numbers_are_rounded_as_their_unit_is_counted(value, unit, shown):
    assert wording.number(value, unit) == shown


def test_the_unit_of_an_actual_value_comes_from_its_check(pack_version):
    pack = pack_version.pack()
    funds = n.Name(n.NUMBER, "party_work_funds_yuan")
    payroll = n.Name(n.NUMBER, "payroll_total_yuan")
    assert wording.unit_of(pack, funds) == "元"
    assert wording.unit_of(pack, n.Arithmetic(n.NUMBER, "*", payroll, n.Number(n.NUMBER, 0.005))) == "元"
    assert wording.unit_of(pack, n.Arithmetic(n.NUMBER, "/", funds, payroll)) == wording.SHARE
    assert wording.unit_of(pack, n.AsNumber(n.NUMBER, n.Boolean(n.BOOLEAN, True))) == wording.YES_NO
    assert wording.unit_of(pack, n.Number(n.NUMBER, 3.0)) == ""
