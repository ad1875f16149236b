import pytest

from guifan.facts.actions import FactError, get_report, set_values
from guifan.facts.models import FactChange, Period
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture
def report(two_counties):
    ensure_shipped_pack_loaded()
    return get_report(two_counties["yangshuo"]["committee"], Period.yearly(2018))


def test_periods_have_their_dates(db):
    assert (Period.yearly(2018).start.isoformat(), Period.yearly(2018).end.isoformat()) == ("2018-01-01", "2018-12-31")
    assert Period.quarterly(2018, 4).code == "2018Q4" and Period.quarterly(2018, 4).end.day == 31
    assert Period.monthly(2018, 2).end.day == 28


def test_set_values_converts_and_keeps_history(report, users):
    changes = set_values(report, {"secretary_basic_pay_yuan": "56", "v10r_flags": "是"}, users["township"])
    report.refresh_from_db()
    assert report.values == {"secretary_basic_pay_yuan": 56, "v10r_flags": True}
    assert {(c.code, c.old, c.new) for c in changes} == {("secretary_basic_pay_yuan", None, 56),
                                                        ("v10r_flags", None, True)}
    set_values(report, {"secretary_basic_pay_yuan": 60.5}, users["township"])
    assert FactChange.objects.filter(report=report, code="secretary_basic_pay_yuan").count() == 2
    assert set_values(report, {"secretary_basic_pay_yuan": 60.5}, users["township"]) == []


@pytest.mark.parametrize("values, message", [
    ({"secretary_basic_pay_yuan": "many"}, "basic pay"),  # the fact's label, not its code
    ({"venue_area_m2": -3}, "negative"),
    ({"secretary_allowance_yuan": 120}, "not reported in this domain"),
    ({"members_total": 5}, "derived"),
    ({"no_such_fact": 1}, "not a fact"),
])
def test_bad_values_are_refused_and_nothing_written(report, values, message):
    with pytest.raises(FactError, match=message):
        set_values(report, {"democratic_appraisals": 4, **values})
    report.refresh_from_db()
    assert report.values == {} and not FactChange.objects.exists()


def test_percent_over_100_refused(two_counties):
    ensure_shipped_pack_loaded()
    from guifan.facts.actions import clean_value
    from guifan.standards.selectors import latest_pack_version

    fact = latest_pack_version("guilin-2018").pack().facts["community_report_rate"]
    with pytest.raises(FactError, match="over 100"):
        clean_value(fact, "A", "101%")
    assert clean_value(fact, "A", "100%") == 100


def test_bulk_set_keeps_the_same_history_as_one_by_one(report, users):
    """set_values_bulk writes its history in bulk (COPY on PostgreSQL): missing old values stay SQL NULL, JSON
    values come back as written, with the user, source and time."""
    from guifan.facts.actions import set_values_bulk

    org_id = report.organisation_id
    set_values_bulk(report.period, {org_id: {"secretary_basic_pay_yuan": 56, "v10r_flags": True}}, users["county"])
    set_values_bulk(report.period, {org_id: {"secretary_basic_pay_yuan": 60.5}}, users["county"])
    rows = FactChange.objects.filter(report=report).order_by("id")
    assert [(c.code, c.old, c.new) for c in rows] == [
        ("secretary_basic_pay_yuan", None, 56), ("v10r_flags", None, True), ("secretary_basic_pay_yuan", 56, 60.5)]
    assert {(c.user, c.source) for c in rows} == {(users["county"], "excel")}
    assert rows.filter(old__isnull=True).count() == 2 and all(c.time for c in rows)
