"""Organisations and host units in the admin: scoped choices, saved through the actions, logged."""

import json

from guifan.core.models import ChangeLog
from guifan.orgs.models import HostUnit, Organisation


def org_form(**fields) -> dict:
    data = {"code": "", "name": "", "kind": "branch", "parent": "", "host_unit": "", "setup": "separate",
            "founded_on": "", "term_start": "", "term_end": "", "secretary": "", "dissolved_on": "", "_save": "1"}
    return data | fields


def test_create_through_the_action_with_the_log(client, users, two_counties):
    yang = two_counties["yangshuo"]
    client.force_login(users["county"])
    response = client.post("/admin/orgs/organisation/add/", org_form(
        code="NEW-1", name="阳朔新支部", parent=yang["committee"].pk, host_unit=yang["village"].pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    org = Organisation.objects.get(code="NEW-1")
    assert org.region == yang["village"].region and org.path == f"{yang['committee'].path}{org.pk}/"
    log = ChangeLog.objects.get(object_type="orgs.organisation", object_id=str(org.pk))
    assert (log.action, log.user, log.source) == ("create", users["county"], "admin")


def test_rules_of_the_action_show_on_the_form(client, users, two_counties):
    yang = two_counties["yangshuo"]
    client.force_login(users["county"])
    response = client.post("/admin/orgs/organisation/add/", org_form(
        code="NEW-2", name="错误小组", kind="group", parent=yang["committee"].pk, host_unit=yang["village"].pk))
    assert response.status_code == 200 and "parent" in response.context["adminform"].form.errors


def test_choices_outside_the_scope_are_refused(client, users, two_counties):
    yang, ling = two_counties["yangshuo"], two_counties["lingui"]
    client.force_login(users["county"])
    response = client.post("/admin/orgs/organisation/add/", org_form(
        code="NEW-3", name="越界支部", parent=ling["committee"].pk, host_unit=yang["village"].pk))
    assert "parent" in response.context["adminform"].form.errors
    assert not Organisation.objects.filter(code="NEW-3").exists()


def test_update_keeps_path_read_only_and_logs_the_change(client, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    client.force_login(users["organisation"])
    form = org_form(code=branch.code, name="阳朔第一支部（改）", parent=branch.parent_id, host_unit=branch.host_unit_id,
                    term_start=branch.term_start.isoformat(), term_end=branch.term_end.isoformat(), path="/1/")
    assert client.post(f"/admin/orgs/organisation/{branch.pk}/change/", form).status_code == 302
    branch.refresh_from_db()
    assert branch.name == "阳朔第一支部（改）" and branch.path.endswith(f"/{branch.pk}/") and branch.path != "/1/"
    log = ChangeLog.objects.get(object_id=str(branch.pk), action="update")
    assert log.before == {"name": "yangshuo村第一党支部"} and log.user == users["organisation"]


def test_organisation_outside_the_scope_is_not_found(client, users, two_counties):
    client.force_login(users["county"])
    outside = two_counties["lingui"]["branch"]
    assert client.get(f"/admin/orgs/organisation/{outside.pk}/change/").status_code == 302
    assert outside.name not in client.get("/admin/orgs/organisation/").content.decode()


def test_autocomplete_offers_only_the_scope(client, users, two_counties):
    client.force_login(users["county"])
    response = client.get("/admin/autocomplete/", {"app_label": "orgs", "model_name": "organisation",
                                                   "field_name": "host_unit", "term": ""})
    names = [r["text"] for r in json.loads(response.content)["results"]]
    assert names == ["yangshuo村"]


def test_host_unit_edits_are_logged_and_deleting_is_for_superusers(client, users, two_counties):
    unit = two_counties["yangshuo"]["village"]
    client.force_login(users["township"])
    data = {"code": unit.code, "name": "阳朔村（改）", "kind": unit.kind, "region": unit.region_id, "parent": "",
            "headcount": "1200", "is_substantive": "on", "opened_on": "", "closed_on": "", "_save": "1"}
    assert client.post(f"/admin/orgs/hostunit/{unit.pk}/change/", data).status_code == 302
    log = ChangeLog.objects.get(object_type="orgs.hostunit", object_id=str(unit.pk))
    assert log.after == {"name": "阳朔村（改）", "headcount": 1200}
    assert client.post(f"/admin/orgs/hostunit/{unit.pk}/delete/", {"post": "yes"}).status_code == 403
    assert HostUnit.objects.filter(pk=unit.pk).exists()


def test_covered_units_changed_in_the_admin_are_logged(client, users, two_counties):
    """A joint organisation's covered units (联合党组织) are register data too: who changed them, before and after."""
    from guifan import testing as t

    yang = two_counties["yangshuo"]
    branch = yang["branch"]
    firm = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="阳朔小企业")
    client.force_login(users["county"])
    form = org_form(code=branch.code, name=branch.name, parent=branch.parent_id, host_unit=branch.host_unit_id,
                    term_start=branch.term_start.isoformat(), term_end=branch.term_end.isoformat(),
                    covered_units=[firm.pk])
    assert client.post(f"/admin/orgs/organisation/{branch.pk}/change/", form).status_code == 302
    assert list(branch.covered_units.all()) == [firm]
    log = ChangeLog.objects.get(object_id=str(branch.pk), action="update")
    assert (log.before, log.after, log.source) == ({"covered_units": []}, {"covered_units": [firm.code]}, "admin")
    form.pop("covered_units")
    assert client.post(f"/admin/orgs/organisation/{branch.pk}/change/", form).status_code == 302
    assert ChangeLog.objects.filter(object_id=str(branch.pk), action="update").count() == 2
    assert not branch.covered_units.exists()


def host_unit_form(unit: HostUnit, **fields) -> dict:
    data = {"code": unit.code, "name": unit.name, "kind": unit.kind, "region": unit.region_id,
            "parent": unit.parent_id or "", "headcount": unit.headcount or "", "opened_on": "", "closed_on": "",
            "_save": "1"}
    return data | fields


def test_host_unit_edits_go_through_the_action_and_take_organisations_along(client, users, two_counties):
    """Issue 8: host units have actions; a unit moved to another township moves its organisations' region."""
    from guifan import testing as t

    yang = two_counties["yangshuo"]
    unit = yang["village"]
    other = next(r for r in t.region(unit.region.parent.code).children.all() if r.pk != unit.region_id)
    orgs = list(Organisation.objects.filter(host_unit=unit))
    client.force_login(users["county"])
    response = client.post(f"/admin/orgs/hostunit/{unit.pk}/change/", host_unit_form(unit, region=other.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    log = ChangeLog.objects.get(object_type="orgs.hostunit", object_id=str(unit.pk))
    assert (log.source, log.after["region_id"]) == ("admin", other.pk)
    for org in orgs:
        org.refresh_from_db()
        assert org.region_id == other.pk
        assert ChangeLog.objects.filter(object_type="orgs.organisation", object_id=str(org.pk), source="admin").exists()
    bad = client.post(f"/admin/orgs/hostunit/{unit.pk}/change/",
                      host_unit_form(unit, region=other.pk, opened_on="2020-01-01", closed_on="2019-01-01"))
    assert bad.status_code == 200 and "closed_on" in bad.context["adminform"].form.errors
