"""Organisation list, page and edit form: scope, counts, breaches, masking, change log."""

import datetime as dt

import pytest
from django.urls import reverse

from guifan.core.models import ChangeLog
from guifan.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_filtered(client, users, two_counties):
    client.force_login(users["county"])
    response = client.get(reverse("orgs:list"))
    assert response.status_code == 200
    names = {o.name for o in response.context["page_obj"].object_list}
    assert names == {"yangshuo村党总支", "yangshuo村第一党支部", "yangshuo村第一党小组"}
    response = client.get(reverse("orgs:list"), {"kind": Organisation.Kind.BRANCH})
    assert [o.name for o in response.context["page_obj"].object_list] == ["yangshuo村第一党支部"]
    assert "党支部" in response.content.decode()


def test_list_under_an_organisation(client, users, two_counties):
    committee = two_counties["yangshuo"]["committee"]
    client.force_login(users["county"])
    response = client.get(reverse("orgs:list"), {"parent": committee.pk})
    names = {o.name for o in response.context["page_obj"].object_list}
    assert names == {"yangshuo村第一党支部", "yangshuo村第一党小组"}
    assert response.context["under"] == committee


def test_page_shows_fields_children_groups_members_and_breaches(client, users, two_counties):
    y = two_counties["yangshuo"]
    client.force_login(users["township"])
    response = client.get(reverse("orgs:detail", args=[y["branch"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("yangshuo村第一党支部", "yangshuo村第一党小组", "行政村", "农村", "单独组建", "yangshuo村"):
        assert text in html
    for member in y["members"]:
        assert member.name in html
        assert member.id_number_masked in html
        assert member.reveal_id_number() not in html
        assert member.reveal_phone() not in html
    crumbs = [c["label"] for c in response.context["breadcrumbs"]]
    assert crumbs[-2:] == ["yangshuo村党总支", "yangshuo村第一党支部"]
    assert crumbs[0] == y["township"].name


def test_breaches_are_listed_with_spec_ids(client, users, two_counties, shipped_pack):
    committee = two_counties["yangshuo"]["committee"]
    committee.term_end = dt.date(2001, 1, 1)
    committee.term_start = dt.date(1998, 1, 1)
    committee.save()
    client.force_login(users["county"])
    html = client.get(reverse("orgs:detail", args=[committee.pk])).content.decode()
    assert "党总支应在党员 50 人以上时设立，现有 4 人。" in html
    assert "任期已于 2001-01-01 届满" in html
    assert "ORG-G-01" in html and "M01" in html
    assert 'class="expired"' in html


def test_children_member_counts(client, users, two_counties):
    y = two_counties["yangshuo"]
    client.force_login(users["county"])
    response = client.get(reverse("orgs:detail", args=[y["committee"].pk]))
    children = response.context["children"]
    assert [(c.name, c.member_count) for c in children] == [("yangshuo村第一党支部", 4)]
    assert response.context["org"].member_count == 4
    assert [g.name for g in response.context["groups"]] == []


def test_organisations_outside_the_scope_are_404(client, users, two_counties):
    other = two_counties["lingui"]["branch"]
    for name in ("county", "township", "organisation"):
        client.force_login(users[name])
        assert client.get(reverse("orgs:detail", args=[other.pk])).status_code == 404
        assert client.get(reverse("orgs:edit", args=[other.pk])).status_code == 404
    client.force_login(users["member"])  # no organisation page at all for a member's own account
    assert client.get(reverse("orgs:detail", args=[other.pk])).status_code == 403


def test_a_member_sees_their_organisation_on_their_own_record_only(client, users, two_counties):
    """Issue 10 item 6: no register figures for a member, not even of their own branch (it showed "党员 1 人" and a
    false breach); the branch's name and secretary are on the member's own page."""
    y = two_counties["yangshuo"]
    client.force_login(users["member"])
    for org in (y["committee"], y["branch"]):
        assert client.get(reverse("orgs:detail", args=[org.pk])).status_code == 403
    assert client.get(reverse("orgs:edit", args=[y["branch"].pk])).status_code == 403
    own = client.get(reverse("members:detail", args=[y["members"][0].pk])).content.decode()
    assert y["branch"].name in own and y["members"][1].name not in own


def test_edit_saves_through_the_action_and_logs(client, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    secretary = two_counties["yangshuo"]["members"][1]
    client.force_login(users["township"])
    form = client.get(reverse("orgs:edit", args=[branch.pk])).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(name="yangshuo村第一党支部（改）", secretary=secretary.pk, term_start="2024-03-01",
                term_end="2027-03-01", founded_on="", dissolved_on="")
    response = client.post(reverse("orgs:edit", args=[branch.pk]), data)
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.name == "yangshuo村第一党支部（改）" and branch.secretary == secretary
    log = ChangeLog.objects.get(object_type="orgs.organisation", object_id=str(branch.pk))
    assert log.user == users["township"] and log.after["name"] == branch.name


def test_edit_errors_are_shown_in_chinese_next_to_fields(client, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    client.force_login(users["county"])
    form = client.get(reverse("orgs:edit", args=[branch.pk])).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(term_start="2024-03-01", term_end="2023-03-01", secretary="",
                code=two_counties["yangshuo"]["committee"].code)
    response = client.post(reverse("orgs:edit", args=[branch.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["term_end"] == ["任期届满日期必须晚于任期开始日期。"]
    assert errors["code"] == ["该代码的党组织已存在。"]
    assert "任期届满日期必须晚于任期开始日期。" in response.content.decode()


def test_suggestions_for_transfers_are_scoped(client, users, two_counties):
    client.force_login(users["county"])
    html = client.get(reverse("orgs:suggest"), {"to_code": "党支部"}).content.decode()
    assert two_counties["yangshuo"]["branch"].code in html
    assert two_counties["lingui"]["branch"].code not in html
    assert "党小组" not in html


def test_without_a_pack_in_effect_the_register_rules_are_not_judged(client, users, two_counties):
    """No pack loaded: the page says the set-up and term rules cannot be judged (ORG-G-01), never "OK"."""
    client.force_login(users["county"])
    html = client.get(reverse("orgs:detail", args=[two_counties["yangshuo"]["committee"].pk])).content.decode()
    assert "无法判断" in html and "党总支应在党员 50 人以上时设立" not in html
