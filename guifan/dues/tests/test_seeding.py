"""The sample's dues (guifan.seeding.dues): amounts by the pack, months paid with arrears, returns; compute_year and
the city-wide month from them."""

import datetime as dt

from guifan.dues import actions, selectors
from guifan.dues.models import DuesAssessment, DuesPayment
from guifan.members.models import Member
from guifan.seeding import dues as sample


def test_the_sample_year_then_the_next_computed_and_a_month_for_all(two_counties, shipped_pack):
    rules = shipped_pack.pack().dues
    counts = sample.write_year(2018, rules, until=dt.date(2018, 12, 31))
    assert counts["assessments"] == Member.objects.count() == DuesAssessment.objects.filter(year=2018).count()
    assert counts["payments"] == DuesPayment.objects.filter(year=2018).count() > 0
    for a in DuesAssessment.objects.filter(year=2018):
        assert rules.allows(a.category, actions.income_of(a), a.monthly_amount)
    result = actions.compute_year(2019, rules)
    assert result["set"] == counts["assessments"]
    n = actions.record_month_for_all(2019, 1, rules)
    assert n == result["set"] and actions.record_month_for_all(2019, 1, rules) == 0
    assert list(selectors.arrears(Member.objects.all(), 2019, 1, rules)) == []
    assert rolled_up(2018) == from_payments(2018) and rolled_up(2019) == from_payments(2019)


def rolled_up(year: int) -> dict[int, int]:
    return dict(DuesAssessment.objects.filter(year=year).values_list("member_id", "months_paid"))


def from_payments(year: int) -> dict[int, int]:
    """The months-paid roll-up as the monthly payments say it should be."""
    masks = dict.fromkeys(DuesAssessment.objects.filter(year=year).values_list("member_id", flat=True), 0)
    for member_id, month in DuesPayment.objects.filter(year=year, kind="monthly").values_list("member_id", "month"):
        masks[member_id] |= 1 << (month - 1)
    return masks
