"""Quarterly and monthly facts (issue 4, item 1): the pack declares them, they are reported in their own periods,
the engine reads the year's value the pack's `aggregate` makes of them, and an organisation that existed part of
the year is expected, and judged, only for the quarters and months it existed."""

import datetime as dt

import pytest
from django.urls import reverse

from guifan.assessment.frame import build_frame
from guifan.facts import periods
from guifan.facts.actions import FactError, get_report, set_values
from guifan.facts.derived import derive_facts
from guifan.facts.models import FactReport, Period
from guifan.reporting.completeness import completeness
from guifan.seeding.sample_figures import split_over_periods
from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
MONTHLY = "frequency: monthly, aggregate: sum"


def test_the_shipped_pack_reports_the_three_meetings_by_quarter_and_month(pack):
    assert pack.facts["branch_committee_meetings"].frequency == "monthly"
    assert pack.facts["branch_member_meetings"].frequency == "quarterly"
    assert pack.facts["secretary_training_hours"].frequency == "yearly"
    assert pack.frequencies == ("yearly", "quarterly", "monthly")
    assert "branch_committee_meetings" not in {f.code for f in pack.reported_facts()}


@pytest.mark.parametrize(("change", "message"), [
    (MONTHLY, None),
    ("frequency: monthly", "needs 'aggregate'"),
    ("frequency: monthly, aggregate: all", "needs 'aggregate', one of sum"),
    ("aggregate: sum", "only for quarterly or monthly facts"),
])
def test_pack_checks_frequency_and_aggregate(change, message):
    text = SHIPPED.replace("frequency: monthly, aggregate: sum, label: {zh: 支委会次数",
                           f"{change}, label: {{zh: 支委会次数", 1)
    if message is None:
        parse_pack(text)
        return
    with pytest.raises(PackError, match=message):
        parse_pack(text)


def test_a_derived_fact_cannot_be_monthly_and_a_quality_rule_cannot_mix_frequencies():
    derived = SHIPPED.replace("label: {zh: 本年度存续月数", f"{MONTHLY}, label: {{zh: 本年度存续月数")
    with pytest.raises(PackError, match="a derived fact is yearly"):
        parse_pack(derived)
    rule = ('  - {id: VR-mixed, left: branch_committee_meetings, operator: "<=", right: members_total,'
            " message: {zh: 混合, en: mixed}}\n")
    mixed = SHIPPED.replace("validation_rules:\n", "validation_rules:\n" + rule, 1)
    with pytest.raises(PackError, match="different frequencies"):
        parse_pack(mixed)


def test_period_codes_parse_and_build():
    q3 = periods.parse("2018Q3")
    assert (q3.kind, q3.start, q3.end) == ("quarterly", dt.date(2018, 7, 1), dt.date(2018, 9, 30))
    feb = periods.parse("201802")
    assert (feb.kind, feb.number, feb.end) == ("monthly", 2, dt.date(2018, 2, 28))
    assert periods.parse("2018").kind == "yearly"
    assert periods.parse("2018Q5") is None and periods.parse("201813") is None and periods.parse("x") is None


def test_a_report_takes_only_the_facts_of_its_frequency(two_counties, pack):
    org = two_counties["yangshuo"]["branch"]
    monthly = get_report(org, Period.monthly(2018, 3))
    set_values(monthly, {"branch_committee_meetings": 2}, pack=pack)
    with pytest.raises(FactError, match="yearly"):
        set_values(monthly, {"member_poor_households": 1}, pack=pack)
    with pytest.raises(FactError, match="monthly"):
        set_values(get_report(org, Period.yearly(2018)), {"branch_committee_meetings": 12}, pack=pack)


def _month(org, month, value, state=FactReport.State.APPROVED):
    FactReport.objects.create(organisation=org, period=Period.monthly(2018, month),
                              values={"branch_committee_meetings": value}, state=state)


def test_the_frame_sums_the_months_and_respects_approved_only(two_counties, pack):
    org = two_counties["yangshuo"]["branch"]
    for month in range(1, 13):
        _month(org, month, 1)
    _month(two_counties["lingui"]["branch"], 1, 3, state=FactReport.State.DRAFT)
    FactReport.objects.filter(organisation=org, period__code="201812").update(state=FactReport.State.SUBMITTED)
    frame = build_frame(pack, 2018).to_dicts()
    row = {r["id"]: r for r in frame}
    assert row[f"org-{org.pk}"]["branch_committee_meetings"] == 12
    assert row[f"org-{two_counties['lingui']['branch'].pk}"]["branch_committee_meetings"] == 3
    approved = {r["id"]: r for r in build_frame(pack, 2018, approved_only=True).to_dicts()}
    assert approved[f"org-{org.pk}"]["branch_committee_meetings"] == 11
    assert approved[f"org-{two_counties['lingui']['branch'].pk}"]["branch_committee_meetings"] is None


def test_an_organisation_founded_in_july_is_held_to_its_months_only(two_counties, pack):
    from guifan.assessment.engine.plain import judge

    org = two_counties["yangshuo"]["branch"]
    org.founded_on = dt.date(2018, 7, 15)
    org.save()
    derive_facts(pack, Period.yearly(2018))
    derived = FactReport.objects.get(organisation=org, period__code="2018").derived
    assert (derived["months_existed"], derived["quarters_existed"]) == (6, 2)
    for month in range(7, 13):
        _month(org, month, 1 if month != 9 else 2)
    derive_facts(pack, Period.yearly(2018))  # the months typed (written directly here, not through an action)
    row = next(r for r in build_frame(pack, 2018).to_dicts() if r["id"] == f"org-{org.pk}")
    criterion = pack.criterion("G-ACT-committee-meetings")
    assert row["committee_meeting_short"] == 0  # judged on July to December only, month by month
    assert judge(criterion, {**row, "committee_meeting_due": True}).verdict == "pass"
    FactReport.objects.filter(organisation=org, period__code="201808").update(values={"branch_committee_meetings": 0})
    derive_facts(pack, Period.yearly(2018))
    row = next(r for r in build_frame(pack, 2018).to_dicts() if r["id"] == f"org-{org.pk}")
    assert row["committee_meeting_short"] == 1  # 7 in six months, but none in August
    assert judge(criterion, {**row, "committee_meeting_due": True}).verdict == "fail"


def test_completeness_of_a_month_expects_only_those_that_existed_in_it(two_counties, pack):
    org = two_counties["yangshuo"]["branch"]
    org.founded_on = dt.date(2018, 7, 15)
    org.save()
    county = two_counties["yangshuo"]["county"]
    march = completeness(Period.monthly(2018, 3), county, pack=pack)
    august = completeness(Period.monthly(2018, 8), county, pack=pack)
    assert august.total.expected == march.total.expected + 1
    _month(org, 8, 1, state=FactReport.State.SUBMITTED)
    assert completeness(Period.monthly(2018, 8), county, pack=pack).total.received == 1
    assert org.pk not in [o.pk for o in completeness(Period.monthly(2018, 8), county, pack=pack).missing]


def test_the_report_page_shows_the_periods_of_the_year_and_opens_a_month(client, users, two_counties, pack):
    org = two_counties["yangshuo"]["committee"]
    client.force_login(users["organisation"])
    _month(org, 2, 1)
    page = client.get(reverse("reporting:report", args=[org.pk, "2018"])).content.decode()
    assert 'data-period="2018Q4"' in page and 'data-period="201812"' in page
    assert 'data-period="201802" class="approved"' not in page  # the class comes first
    assert 'class="approved" data-period="201802"' in page
    month = client.get(reverse("reporting:report", args=[org.pk, "201805"]))
    body = month.content.decode()
    assert month.status_code == 200 and "id_branch_committee_meetings" in body
    assert "id_member_poor_households" not in body
    assert Period.objects.filter(code="201805").exists()
    r = client.post(reverse("reporting:report", args=[org.pk, "201805"]),
                    {"branch_committee_meetings": "2", "party_group_meetings_min": "1", "submit": "1"})
    assert r.status_code == 302
    assert FactReport.objects.get(organisation=org, period__code="201805").state == "submitted"
    assert client.get(reverse("reporting:report", args=[org.pk, "2018Q7"])).status_code == 404
    assert client.get(reverse("reporting:report", args=[org.pk, "2031Q1"])).status_code == 404


@pytest.mark.parametrize(("aggregate", "value", "n"), [("sum", 13, 4), ("sum", 2, 12), ("max", 5, 3)])
def test_sample_split_gives_the_year_back(pack, aggregate, value, n):
    import random

    from guifan.standards.values import AGGREGATES

    fact = pack.facts["branch_member_meetings"]
    fact = type(fact)(**{**fact.__dict__, "aggregate": aggregate})
    parts = split_over_periods(fact, value, n, random.Random(1))
    assert len(parts) == n and AGGREGATES[aggregate](parts) == value


def test_a_monthly_yes_no_fact_is_made_one_by_its_aggregate(two_counties):
    """Values are read from the reports' JSON by the database (text on PostgreSQL and MariaDB, numbers on SQLite)."""
    text = SHIPPED.replace("democratic_life_meeting_held, type: boolean,",
                           "democratic_life_meeting_held, type: boolean, frequency: monthly, aggregate: any,", 1)
    pack = parse_pack(text)
    org = two_counties["yangshuo"]["branch"]
    for month, held in ((1, False), (2, True), (3, False)):
        FactReport.objects.create(organisation=org, period=Period.monthly(2018, month),
                                  values={"democratic_life_meeting_held": held, "branch_committee_meetings": 2})
    row = next(r for r in build_frame(pack, 2018).to_dicts() if r["id"] == f"org-{org.pk}")
    assert row["democratic_life_meeting_held"] is True and row["branch_committee_meetings"] == 6
    every = parse_pack(text.replace("aggregate: any,", "aggregate: all,", 1))
    row = next(r for r in build_frame(every, 2018).to_dicts() if r["id"] == f"org-{org.pk}")
    assert row["democratic_life_meeting_held"] is False


def test_a_secretarys_report_list_shows_each_organisations_periods(client, users, two_counties, pack):
    committee, branch = two_counties["yangshuo"]["committee"], two_counties["yangshuo"]["branch"]
    Period.yearly(2018)
    _month(branch, 4, 2)
    client.force_login(users["organisation"])
    page = client.get(reverse("reporting:index")).content.decode()
    assert f'id="periods-{committee.pk}"' in page and f'id="periods-{branch.pk}"' in page
    assert f'href="{reverse("reporting:report", args=[branch.pk, "201804"])}" class="approved"' in page
