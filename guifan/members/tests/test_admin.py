"""Members in the admin: masked only, write-only ID number and phone, saved through the actions, scoped."""

from guifan import testing as t
from guifan.core.models import ChangeLog
from guifan.members.models import Member


def member_form(member: Member, **changes) -> dict:
    data = {"name": member.name, "gender": member.gender, "ethnicity": member.ethnicity,
            "new_id_number": "", "new_phone": "",
            "education": member.education, "joined_on": member.joined_on.isoformat(), "category": member.category,
            "status": member.status, "organisation": member.organisation_id, "party_group": "", "_save": "1"}
    return data | changes


def test_change_form_shows_only_masked_values(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][0]
    client.force_login(users["county"])
    body = client.get(f"/admin/members/member/{member.pk}/change/").content.decode()
    assert member.id_number_masked in body and member.phone_masked in body
    assert member.reveal_id_number() not in body and member.reveal_phone() not in body
    assert 'name="new_id_number"' in body and 'name="new_phone"' in body


def test_update_goes_through_the_actions_and_the_log(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][0]
    client.force_login(users["county"])
    number = t.id_number("450321")
    response = client.post(f"/admin/members/member/{member.pk}/change/",
                           member_form(member, new_id_number=number, new_phone="13912345678", status="flowing"))
    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    assert member.reveal_id_number() == number and member.phone_masked == "139****5678"
    log = ChangeLog.objects.get(object_id=str(member.pk), object_type="members.member")
    assert log.user == users["county"] and log.source == "admin" and log.after["status"] == "flowing"
    assert number not in str(log.before) + str(log.after)


def test_invalid_id_number_is_refused(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][0]
    client.force_login(users["county"])
    bad = member.reveal_id_number()[:17] + ("0" if member.reveal_id_number()[17] != "0" else "1")
    response = client.post(f"/admin/members/member/{member.pk}/change/", member_form(member, new_id_number=bad))
    assert response.status_code == 200 and response.context["adminform"].form.errors["new_id_number"]
    assert not ChangeLog.objects.filter(object_type="members.member").exists()


def test_create_needs_an_id_number_and_an_organisation_in_scope(client, users, two_counties):
    yang, ling = two_counties["yangshuo"], two_counties["lingui"]
    client.force_login(users["county"])
    template = yang["members"][0]
    data = member_form(template, name="新党员", organisation=yang["branch"].pk)
    response = client.post("/admin/members/member/add/", data)
    assert "new_id_number" in response.context["adminform"].form.errors
    response = client.post("/admin/members/member/add/",
                           data | {"new_id_number": t.id_number("450321"), "organisation": ling["branch"].pk})
    assert "organisation" in response.context["adminform"].form.errors
    response = client.post("/admin/members/member/add/", data | {"new_id_number": t.id_number("450321")})
    assert response.status_code == 302
    created = Member.objects.get(name="新党员")
    assert ChangeLog.objects.get(object_id=str(created.pk), action="create").user == users["county"]


def test_search_by_name_in_scope_but_never_by_id_number(client, users, two_counties):
    """The admin searches by GET: an ID number there would be in web addresses and logs, so it finds nothing (the
    POST-only “Find by ID number” page does that)."""
    yang = two_counties["yangshuo"]
    client.force_login(users["county"])
    inside = yang["members"][2]
    body = client.get("/admin/members/member/", {"q": inside.reveal_id_number()}).content.decode()
    assert inside.id_number_masked not in body
    body = client.get("/admin/members/member/", {"q": "党员"}).content.decode()
    assert all(m.name in body for m in yang["members"]) and "lingui" not in body


def test_no_deleting_members_except_by_superuser(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][3]
    client.force_login(users["county"])
    assert client.post(f"/admin/members/member/{member.pk}/delete/", {"post": "yes"}).status_code == 403
    client.force_login(users["admin"])
    assert client.post(f"/admin/members/member/{member.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert ChangeLog.objects.get(object_id=str(member.pk), action="delete").before["name"] == member.name


def test_changing_the_organisation_in_the_admin_is_a_transfer(client, users, two_counties):
    """Issue 8: a member's organisation changed anywhere becomes a transfer record."""
    from guifan.members.models import Transfer

    y = two_counties["yangshuo"]
    member = y["members"][0]
    target = next(o for o in (y["branch"], y["committee"]) if o.pk != member.organisation_id)
    was = member.organisation
    client.force_login(users["county"])
    response = client.post(f"/admin/members/member/{member.pk}/change/", member_form(member, organisation=target.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    transfer = Transfer.objects.get(member=member)
    assert (transfer.from_organisation, transfer.to_organisation, transfer.user) == (was, target, users["county"])
    assert ChangeLog.objects.filter(object_id=str(member.pk), source="transfer", related_id=str(target.pk)).exists()
