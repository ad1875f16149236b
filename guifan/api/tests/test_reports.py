"""A secretary's reports through the API: the reports due, one report's form, saving values and submitting, with the
web form's validation and errors as field → Chinese message; nothing half-written."""

import pytest

from guifan.accounts.scope import Scope
from guifan.facts.models import FactChange, FactReport, Period
from guifan.reporting import actions as workflow
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture
def setup(two_counties, users):
    ensure_shipped_pack_loaded()
    period = Period.yearly(2018)
    org = two_counties["yangshuo"]["committee"]
    return {"period": period, "org": org, "url": f"/api/reports/{org.pk}/2018/"}


def test_the_reports_due_are_the_organisations_of_the_user(as_user, users, setup, two_counties):
    page = as_user(users["organisation"]).get("/api/reports/?period=2018").json()
    y = two_counties["yangshuo"]
    assert page["period"]["code"] == "2018"
    assert {r["organisation"] for r in page["results"]} == {y["committee"].pk, y["branch"].pk}
    assert {r["state"] for r in page["results"]} == {"draft"}
    assert as_user(users["organisation"]).get("/api/reports/?period=1999").status_code == 404


def test_a_report_has_its_form_from_the_pack(as_user, users, setup):
    report = as_user(users["organisation"]).get(setup["url"]).json()
    fields = {f["code"]: f for f in report["fields"]}
    assert fields["secretary_basic_pay_yuan"]["type"] in ("integer", "number")
    assert fields["v10r_flags"]["type"] == "boolean" and fields["v10r_flags"]["evidence"]
    assert report["state"] == "draft" and report["can_edit"] and report["values"]["secretary_basic_pay_yuan"] is None
    assert not FactReport.objects.exists()  # reading writes nothing


def test_save_then_submit(as_user, users, setup):
    c = as_user(users["organisation"])
    r = c.post(setup["url"], {"values": {"secretary_basic_pay_yuan": 60}}, format="json")
    assert r.status_code == 200 and r.json()["saved"] and not r.json()["submitted"]
    report = FactReport.objects.get(organisation=setup["org"], period=setup["period"])
    assert report.values["secretary_basic_pay_yuan"] == 60 and report.state == "draft"
    r = c.post(setup["url"], {"submit": True}, format="json")  # a partial save keeps the values stored
    assert r.json()["submitted"] and r.json()["report"]["state"] == "submitted"
    report.refresh_from_db()
    assert report.state == "submitted" and report.values["secretary_basic_pay_yuan"] == 60
    assert report.events.filter(action="submit").exists()
    workflow.approve(report, users["township"], Scope(users["township"]))
    assert not c.get(setup["url"]).json()["can_edit"]
    r = c.post(setup["url"], {"values": {"secretary_basic_pay_yuan": 61}}, format="json")
    assert r.status_code == 400 and r.json()["saved"] is False  # an approved report is locked
    assert "锁定" in r.json()["errors"]["non_field_errors"][0]
    report.refresh_from_db()
    assert report.values["secretary_basic_pay_yuan"] == 60


def test_invalid_values_are_refused_field_by_field_in_chinese_and_nothing_saved(as_user, users, setup):
    c = as_user(users["organisation"])
    r = c.post(setup["url"], {"values": {"secretary_basic_pay_yuan": -4, "no_such_fact": 1, "v10r_flags": "yes"}},
               format="json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert set(errors) == {"values.no_such_fact", "values.v10r_flags"}
    assert errors["values.no_such_fact"] == ["该报表没有这个字段。"]
    r = c.post(setup["url"], {"values": {"secretary_basic_pay_yuan": -4}}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"]["values.secretary_basic_pay_yuan"] == ["不能填负数。"]
    r = c.post(setup["url"], {"values": "60"}, format="json")
    assert r.status_code == 400 and "values" in r.json()["errors"]
    assert not FactChange.objects.exists() and not FactReport.objects.exists()


def test_a_ticked_item_without_evidence_is_saved_but_not_submitted(as_user, users, setup):
    c = as_user(users["organisation"])
    r = c.post(setup["url"], {"values": {"v10r_flags": True}, "submit": True}, format="json").json()
    assert r["saved"] and not r["submitted"] and "evidence.v10r_flags" in r["problems"]
    assert FactReport.objects.get(organisation=setup["org"]).state == "draft"
    r = c.post(setup["url"], {"evidence": {"v10r_flags": "IMG_0012.jpg"}, "submit": True}, format="json").json()
    assert r["submitted"] and r["report"]["evidence"]["v10r_flags"] == "IMG_0012.jpg"


def test_only_the_organisations_users_write_and_only_in_their_scope(as_user, users, setup, two_counties):
    assert as_user(users["county"]).get(setup["url"]).status_code == 200  # reads, as on the web
    r = as_user(users["county"]).post(setup["url"], {"values": {"secretary_basic_pay_yuan": 1}}, format="json")
    assert r.status_code == 403
    other = two_counties["lingui"]["committee"]
    c = as_user(users["organisation"])
    assert c.get(f"/api/reports/{other.pk}/2018/").status_code == 404
    assert c.post(f"/api/reports/{other.pk}/2018/", {"values": {}}, format="json").status_code == 404
    assert not FactReport.objects.exists()
