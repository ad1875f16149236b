"""Facts templates per period: a year holds the yearly facts, a quarter the quarterly ones, a month the monthly ones;
a quarterly import lands in the quarter's report and the year's frame sums the quarters; a workbook of another period
is refused."""

import datetime as dt
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import reverse

from guifan import testing as t
from guifan.assessment.frame import build_frame
from guifan.core.spreadsheets.readers import UploadError
from guifan.facts.models import FactChange, FactReport, Period
from guifan.orgs.models import HostUnit, Organisation
from guifan.reporting.excel import forms
from guifan.reporting.selectors import report_period_or_404

from .excel_helpers import (
    TOWNSHIP,
    fill,
    import_as,
    make_template,
    nothing_written,
    read_template,
    township_fixture,  # noqa: F401 (the fixture "township")
)


@pytest.mark.parametrize("code, kind, words", [("2018", "yearly", "2018"), ("2018Q2", "quarterly", "2018 Q2"),
                                               ("201803", "monthly", "March 2018")])
def test_template_holds_exactly_the_facts_of_the_periods_frequency(township, code, kind, words):
    pack = township["pack"]
    workbook = read_template(make_template(township, period=report_period_or_404(code)))
    assert workbook["facts"] == [f.code for f in pack.reported_facts(kind)]
    assert workbook["meta"]["period"] == code and not workbook["meta"]["organisation"]
    assert sorted(workbook["codes"]) == sorted(o.code for o in township["orgs"].values())
    assert f"{words} ({kind} report)" in workbook["instructions"]  # the period in words, its code only in meta
    others = {f.code for f in pack.reported_facts(None)} - set(workbook["facts"])
    assert others and not others & set(workbook["facts"])


def test_monthly_template_of_a_village_has_its_domains_monthly_facts(township):
    village = township["orgs"]["village1"]
    content = make_template(township, period=Period.monthly(2018, 3), organisation=village,
                            user=t.user("secretary", "organisation", organisation=village))
    workbook = read_template(content)
    monthly = [f.code for f in township["pack"].reported_facts("monthly") if village.domain in f.domains]
    assert workbook["facts"] == monthly == ["branch_committee_meetings", "party_group_meetings_min"]
    assert workbook["codes"] == sorted([village.code, township["orgs"]["branch1"].code])


def test_rows_are_the_organisations_that_existed_during_the_period(township):
    unit = t.host_unit(TOWNSHIP, HostUnit.Kind.ADMIN_VILLAGE)
    late = t.organisation(unit, Organisation.Kind.BRANCH, founded_on=dt.date(2018, 6, 15))
    gone = t.organisation(unit, Organisation.Kind.BRANCH, founded_on=dt.date(2010, 1, 1),
                          dissolved_on=dt.date(2018, 2, 10))
    assert {late.code, gone.code} <= set(read_template(make_template(township))["codes"])
    march = read_template(make_template(township, period=Period.monthly(2018, 3)))["codes"]
    assert late.code not in march and gone.code not in march
    january = read_template(make_template(township, period=Period.monthly(2018, 1)))["codes"]
    assert gone.code in january and late.code not in january


def test_quarterly_imports_land_in_the_quarters_and_the_year_sums_them(township):
    pack, village = township["pack"], township["orgs"]["village1"]
    for quarter, meetings in ((1, 2), (2, 3)):
        content = make_template(township, period=Period.quarterly(2018, quarter))
        result = import_as(township, fill(content, {village.code: {"branch_member_meetings": meetings}}))
        assert result.ok and result.period.code == f"2018Q{quarter}", result.errors
    assert FactReport.objects.get(organisation=village, period__code="2018Q1").values == {"branch_member_meetings": 2}
    # nothing reported in the year's report; its facts derived from the typed quarters were derived again
    assert all(not r.values for r in FactReport.objects.filter(period__kind=Period.Kind.YEARLY))
    frame = build_frame(pack, 2018, region=township["region"])
    row = frame.filter(frame["id"] == f"org-{village.pk}").to_dicts()[0]
    assert row["branch_member_meetings"] == 5


def test_workbook_of_another_period_is_refused(township):
    village = township["orgs"]["village1"]
    content = fill(make_template(township, period=Period.quarterly(2018, 1)),
                   {village.code: {"branch_member_meetings": 2}})
    with pytest.raises(UploadError, match="made for period 2018Q1, not for 2018"):
        import_as(township, content, period="2018")
    with pytest.raises(UploadError, match="facts of another report than the yearly one: branch_member_meetings"):
        import_as(township, fill(content, {}, {"period": "2018"}))  # the metadata claims the year
    assert nothing_written()
    assert import_as(township, content, period="2018Q1").ok


def test_quarterly_import_checks_each_cell(township):
    village = township["orgs"]["village1"]
    content = make_template(township, period=Period.quarterly(2018, 3))
    result = import_as(township, fill(content, {village.code: {"party_lectures": "two"}}))
    assert [(e.key, e.row) for e in result.errors] == [("party_lectures", 3 + sorted(
        o.code for o in township["orgs"].values()).index(village.code))]
    assert "found text" in result.errors[0].reason and not FactChange.objects.exists()


def test_download_form_offers_quarters_and_months_and_a_download_creates_no_period(client, township):
    client.force_login(township["user"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("spreadsheets:index")).content.decode()
    for code in ("2018", "2018Q1", "2018Q4", "201801", "201812"):
        assert f'<option value="{code}"' in page
    stored = set(Period.objects.values_list("code", flat=True))  # opened when the pack was loaded
    response = client.get(reverse("reporting:excel_template"), {"region": TOWNSHIP, "period": "2018Q2"})
    assert response.status_code == 200 and "figures 2018 Q2" in unquote(response["Content-Disposition"])
    workbook = read_template(b"".join(response.streaming_content))
    assert workbook["facts"] == ["branch_member_meetings", "party_lectures"]
    assert set(Period.objects.values_list("code", flat=True)) == stored
    assert client.get(reverse("reporting:excel_template"), {"region": TOWNSHIP, "period": "2018Q5"}
                      ).status_code == 404


def test_a_pack_of_yearly_facts_only_offers_the_year(db, monkeypatch):
    monkeypatch.setattr(forms, "pack_years", lambda: [2019])
    monkeypatch.setattr(forms, "frequencies_of", lambda year: ("yearly",))
    assert [(year, [code for code, _label in group]) for year, group in forms.period_choices()] == [("2019", ["2019"])]
    monkeypatch.setattr(forms, "frequencies_of", lambda year: ("yearly", "monthly"))
    assert len(forms.period_choices()[0][1]) == 13
    assert not Period.objects.exists()


def test_the_years_offered_are_those_of_the_stored_packs(township):
    assert forms.pack_years() == [2018]
