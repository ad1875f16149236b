"""The report form generated from the pack: save, submit, evidence, consistency hook, locks, history, returns."""

from django.urls import reverse

from guifan.core.names import display_name
from guifan.facts.models import FactChange, FactReport
from guifan.reporting import actions as approval
from guifan.reporting.formspec import OTHER, build
from guifan.reporting.models import Notice


def login(client, user):
    client.force_login(user)
    return client


def test_form_is_grouped_by_pillar_with_quotes_and_only_reported_facts(pack):
    spec = build(pack, "R", "admin_village")
    codes = set(spec.items)
    reported = {c for c, f in pack.facts.items() if not f.derived_from and "R" in f.domains
                and f.frequency == "yearly"}
    assert codes == reported
    assert not any(pack.facts[c].derived_from for c in codes)
    keys = [g.key for g in spec.groups]
    assert set(keys) - {OTHER} <= set(pack.pillars)
    poor = spec.items["member_poor_households"]
    assert "党员贫困户" in poor.help  # the plan's sentence of the criterion that reads it
    v10r = [c for g in spec.groups for c in g.checklists if c.id == "V10R"]
    assert v10r and "v10r_flags" in [i.code for i in v10r[0].items]
    assert spec.items["v10r_flags"].evidence  # the checklist item asks for a photograph


def test_save_draft_then_submit(client, users, setup):
    c = login(client, users["organisation"])
    page = c.get(setup["url"])
    assert page.status_code == 200 and "secretary_basic_pay_yuan" in page.content.decode()
    r = c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "save": "1"})
    assert r.status_code == 302
    report = FactReport.objects.get(organisation=setup["org"], period=setup["period"])
    assert report.values["secretary_basic_pay_yuan"] == 60 and report.state == "draft"
    ask = c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "submit": "1"})  # other figures are empty
    report.refresh_from_db()
    assert ask.status_code == 200 and 'id="submit-confirm"' in ask.content.decode() and report.state == "draft"
    c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "confirm": "1"})
    report.refresh_from_db()
    assert report.state == "submitted" and report.events.filter(action="submit").exists()


def test_type_and_range_errors_are_shown_and_nothing_saved(client, users, setup):
    c = login(client, users["organisation"])
    r = c.post(setup["url"], {"secretary_basic_pay_yuan": "-4", "save": "1"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert not FactChange.objects.exists()


def test_ticked_item_needs_its_evidence_before_submitting(client, users, setup):
    c = login(client, users["organisation"])
    r = c.post(setup["url"], {"v10r_flags": "on", "confirm": "1"})
    assert r.status_code == 200 and "evidence__v10r_flags" in r.content.decode()
    report = FactReport.objects.get(organisation=setup["org"])
    assert report.state == "draft" and report.values["v10r_flags"] is True
    c.post(setup["url"], {"v10r_flags": "on", "evidence__v10r_flags": "IMG_0012.jpg", "confirm": "1"})
    report.refresh_from_db()
    assert report.state == "submitted" and report.evidence == {"v10r_flags": "IMG_0012.jpg"}
    assert FactChange.objects.filter(report=report, code="evidence:v10r_flags").exists()


def test_consistency_between_facts_blocks_submission(client, users, setup, pack):
    """The pack's validation rule: households out of poverty cannot outnumber the poor households."""
    assert any(r.id == "VR-poor-households-lifted" for r in pack.validation_rules)
    c = login(client, users["organisation"])
    bad = {"member_poor_households": "2", "member_poor_households_lifted": "3"}
    r = c.post(setup["url"], {**bad, "confirm": "1"})
    assert r.status_code == 200 and "已脱贫党员贫困户数不能多于党员贫困户数" in r.content.decode()
    assert FactReport.objects.get(organisation=setup["org"]).state == "draft"
    c.post(setup["url"], {**bad, "member_poor_households_lifted": "2", "confirm": "1"})
    assert FactReport.objects.get(organisation=setup["org"]).state == "submitted"


def test_returned_report_shows_reason_and_locked_report_refuses_edits(client, users, setup):
    c = login(client, users["organisation"])
    c.post(setup["url"], {"secretary_basic_pay_yuan": "60", "confirm": "1"})
    report = FactReport.objects.get(organisation=setup["org"])
    township = login(client.__class__(), users["township"])
    township.post(reverse("reporting:return", args=[setup["org"].pk, "2018"]), {"reason": "学时填错了"})
    report.refresh_from_db()
    assert report.state == "returned"
    page = c.get(setup["url"]).content.decode()
    assert "学时填错了" in page and 'id="returned-reason"' in page
    assert Notice.objects.filter(user=users["organisation"], kind="returned").exists()
    c.post(setup["url"], {"secretary_basic_pay_yuan": "58", "confirm": "1"})
    township.post(reverse("reporting:approve", args=[setup["org"].pk, "2018"]))
    report.refresh_from_db()
    assert report.state == "approved" and report.approval_level == "township"
    r = c.post(setup["url"], {"secretary_basic_pay_yuan": "1", "save": "1"})
    assert r.status_code == 200 and "已审核并锁定" in r.content.decode()
    report.refresh_from_db()
    assert report.values["secretary_basic_pay_yuan"] == 58


def test_every_change_is_in_the_value_history(client, users, setup):
    c = login(client, users["organisation"])
    for hours in ("50", "56", "60"):
        c.post(setup["url"], {"secretary_basic_pay_yuan": hours, "save": "1"})
    page = c.get(reverse("reporting:history", args=[setup["org"].pk, "2018"]) + "?code=secretary_basic_pay_yuan")
    text = page.content.decode()
    changes = FactChange.objects.filter(code="secretary_basic_pay_yuan").order_by("id")
    assert [(c.old, c.new, c.user) for c in changes] == [(None, 50, users["organisation"]),
                                                          (50, 56, users["organisation"]),
                                                          (56, 60, users["organisation"])]
    assert text.count("<tr>") >= 3 and display_name(users["organisation"]) in text  # who, by name


def test_outsiders_get_404(client, users, setup, two_counties):
    other = two_counties["lingui"]["committee"]
    c = login(client, users["organisation"])
    assert c.get(reverse("reporting:report", args=[other.pk, "2018"])).status_code == 404
    assert c.get(reverse("reporting:report", args=[two_counties["yangshuo"]["group"].pk, "2018"])).status_code == 404
    assert approval.chain(setup["org"]) == ["township", "county", "city"]
