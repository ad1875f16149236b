"""Whether an ID number belongs to a member is not told outside the user's scope: refusing a number registered
elsewhere in the city, the edit form, the admin and the import say only that it cannot be registered here (the level
covering both settles it). Inside the scope the refusal names the member."""

import pytest
from django.urls import reverse

from guifan.members.models import Member

from .test_views import _edit_data

pytestmark = pytest.mark.django_db

ELSEWHERE = "该身份证号码无法在此登记，请联系上级组织部门核实。"


def _edit(client, member, number):
    data = _edit_data(client, member) | {"id_number": number}
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 200
    return response.context["form"].errors["id_number"]


def test_a_number_registered_in_another_county_is_refused_without_saying_so(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][2]
    elsewhere = two_counties["lingui"]["members"][0]
    client.force_login(users["county"])
    errors = _edit(client, member, elsewhere.reveal_id_number())
    assert errors == [ELSEWHERE]
    assert elsewhere.name not in str(errors) and "已登记" not in str(errors)
    member.refresh_from_db()
    assert member.reveal_id_number() != elsewhere.reveal_id_number()


def test_a_number_registered_in_the_scope_names_the_member(client, users, two_counties):
    member, other = two_counties["yangshuo"]["members"][2:4]
    client.force_login(users["county"])
    assert _edit(client, member, other.reveal_id_number()) == [
        f"该身份证号码的党员已登记：{other.name}（{other.organisation.name}）。"]


def test_the_level_covering_both_is_told_who(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][2]
    elsewhere = two_counties["lingui"]["members"][0]
    client.force_login(users["city"])
    assert _edit(client, member, elsewhere.reveal_id_number()) == [
        f"该身份证号码的党员已登记：{elsewhere.name}（{elsewhere.organisation.name}）。"]


def test_the_admin_does_not_tell_either(client, users, two_counties):
    branch = two_counties["yangshuo"]["branch"]
    elsewhere = two_counties["lingui"]["members"][0]
    client.force_login(users["county"])
    data = {"name": "后台重复", "gender": "M", "ethnicity": "汉族", "new_id_number": elsewhere.reveal_id_number(),
            "new_phone": "", "education": "", "joined_on": "2010-07-01", "category": "full", "status": "normal",
            "organisation": branch.pk, "party_group": "", "_save": "1"}
    response = client.post("/admin/members/member/add/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert ELSEWHERE in page and elsewhere.name not in page
    assert not Member.objects.filter(name="后台重复").exists()
