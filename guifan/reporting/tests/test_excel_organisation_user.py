"""An organisation user (a village secretary) downloads the figures template of their own organisations for any
period, fills it in and imports it, all or nothing; they never see nor write another organisation."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from guifan import testing as t
from guifan.core.spreadsheets.readers import UploadError
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import FactChange, FactReport

from .excel_helpers import (
    fill,
    import_as,
    make_template,
    nothing_written,
    read_template,
    township_fixture,  # noqa: F401 (the fixture "township")
    upload,
)


@pytest.fixture
def secretary(township, users):
    """The organisation user of village 1 (its committee, with a branch and a party group below)."""
    return users["organisation"]


def _own(township) -> list[str]:
    return sorted([township["orgs"]["village1"].code, township["orgs"]["branch1"].code])


def _secretarys_template(township, secretary) -> bytes:
    return make_template(township, secretary, organisation=township["orgs"]["village1"])


def _download(client, period: str) -> bytes:
    response = client.get(reverse("reporting:excel_template"), {"period": period})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _post(client, content: bytes):
    return client.post(reverse("reporting:excel_import"), {"file": upload(content)})


def test_secretary_downloads_fills_and_imports_their_own_rows(client, township, secretary):
    village = township["orgs"]["village1"]
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("spreadsheets:index")).content.decode()
    assert 'id="facts-template"' in page and 'id="facts-import"' in page
    assert 'id="facts_period"' in page and 'id="facts_region"' not in page  # no region to choose
    assert "your organisations" in page

    content = _download(client, "2018")
    workbook = read_template(content)
    assert workbook["codes"] == _own(township)  # the party group does not report; nothing outside the scope
    assert workbook["facts"] == [f.code for f in township["pack"].reported_facts("yearly")]
    assert workbook["meta"]["organisation"] == village.code and workbook["meta"]["period"] == "2018"

    filled = fill(content, {code: {"democratic_appraisals": 2} for code in _own(township)}
                  | {village.code: {"democratic_appraisals": 2, "secretary_basic_pay_yuan": 60}})
    response = _post(client, filled)
    assert response.status_code == 200, response.context["result"].errors
    result = response.context["result"]
    assert (result.created, result.changes, result.target_name) == (2, 3, village.name)
    report = FactReport.objects.get(organisation=village, period__code="2018")
    assert report.values == {"democratic_appraisals": 2, "secretary_basic_pay_yuan": 60}
    assert set(FactChange.objects.values_list("user__username", "source")) == {(secretary.username, "excel")}

    response = _post(client, filled)  # the same workbook again
    assert response.status_code == 200 and response.context["result"].created == 0
    assert FactChange.objects.count() == 3
    report.refresh_from_db()
    assert report.values == {"democratic_appraisals": 2, "secretary_basic_pay_yuan": 60}


def test_secretary_reports_a_quarter(client, township, secretary):
    village = township["orgs"]["village1"]
    client.force_login(secretary)
    content = _download(client, "2018Q3")
    workbook = read_template(content)
    assert workbook["codes"] == _own(township)
    assert workbook["facts"] == [f.code for f in township["pack"].reported_facts("quarterly")]
    response = _post(client, fill(content, {village.code: {"party_lectures": 2}}))
    assert response.status_code == 200, response.context["result"].errors
    assert FactReport.objects.get(organisation=village, period__code="2018Q3").values == {"party_lectures": 2}


def test_rows_of_other_organisations_are_errors_with_row_and_column(township, secretary, two_counties):
    content = _secretarys_template(township, secretary)
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    branch_row = 3 + _own(township).index(township["orgs"]["branch1"].code)
    neighbour, elsewhere = township["orgs"]["village2"].code, two_counties["lingui"]["committee"].code
    ws.cell(branch_row, 1, neighbour)  # a village of the same township, outside the secretary's scope
    ws.cell(5, 1, elsewhere)  # a row added for another county's
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_as(township, buffer.getvalue(), secretary)
    assert [(e.row, e.key) for e in result.errors] == sorted([(branch_row, "organisation"), (5, "organisation")])
    reasons = {e.row: e.reason for e in result.errors}
    assert reasons[branch_row].startswith(f"No active organisation {neighbour} ")
    assert reasons[5].startswith(f"No active organisation {elsewhere} ")
    assert nothing_written()


def test_secretary_cannot_import_a_region_template_nor_another_organisations(township, secretary):
    with pytest.raises(UploadError, match="region .* not within your scope"):
        import_as(township, make_template(township), secretary)
    neighbour = make_template(township, organisation=township["orgs"]["village2"])  # made by the township official
    with pytest.raises(UploadError, match="organisation .* not within your scope"):
        import_as(township, neighbour, secretary)
    forged = fill(_secretarys_template(township, secretary), {},
                  {"organisation": township["orgs"]["village2"].code})
    with pytest.raises(UploadError, match="not within your scope"):
        import_as(township, forged, secretary)
    assert nothing_written()


def test_township_official_imports_a_villages_workbook(township, secretary):
    village = township["orgs"]["village1"]
    content = fill(_secretarys_template(township, secretary), {village.code: {"democratic_appraisals": 1}})
    result = import_as(township, content)  # the township official's scope covers the village
    assert result.ok and result.changes == 1 and result.organisation == village


def test_approved_report_is_refused(township, secretary, users):
    village = township["orgs"]["village1"]
    report = get_report(village, township["period"])
    set_values(report, {"democratic_appraisals": 1})
    t.submit_and_approve(report, secretary, users["township"])
    content = fill(_secretarys_template(township, secretary), {village.code: {"democratic_appraisals": 3}})
    result = import_as(township, content, secretary)
    assert not result.ok and result.errors[0].key == "organisation"
    assert "approved and locked" in result.errors[0].reason
    report.refresh_from_db()
    assert report.values == {"democratic_appraisals": 1} and FactChange.objects.count() == 1


def test_a_member_gets_no_figures_template(client, township, users):
    client.force_login(users["member"])
    assert 'id="facts"' not in client.get(reverse("spreadsheets:index")).content.decode()
    assert client.get(reverse("reporting:excel_template"), {"period": "2018"}).status_code == 403
    assert client.get(reverse("reporting:excel_import")).status_code == 403
