"""Roles in the admin: superusers manage all, region roles the roles inside their region, others none."""

from guifan.accounts.models import Role, RoleGrant
from guifan.core.models import ChangeLog


def test_county_manages_roles_inside_its_county_only(client, users, two_counties):
    client.force_login(users["county"])
    listed = {role.user.username for role in client.get("/admin/accounts/role/").context["cl"].result_list}
    assert listed == {"township", "organisation", "member"}
    city_role = users["city"].role
    assert client.get(f"/admin/accounts/role/{city_role.pk}/change/").status_code == 302


def test_region_choices_stop_a_county_asking_for_outside_roles(client, users, two_counties, django_user_model):
    """Roles are asked for (accounts.RoleGrant) and given when the security administrator approves."""
    newcomer = django_user_model.objects.create_user("newcomer", is_staff=True)
    client.force_login(users["county"])
    page = client.get("/admin/accounts/rolegrant/add/").content.decode()
    assert "newcomer" in page and ">admin<" not in page and ">city<" not in page
    data = {"user": newcomer.pk, "kind": "township", "region": two_counties["lingui"]["township"].pk, "_save": "1"}
    response = client.post("/admin/accounts/rolegrant/add/", data)
    assert response.status_code == 200 and not RoleGrant.objects.exists()
    data["region"] = two_counties["yangshuo"]["township"].pk
    assert client.post("/admin/accounts/rolegrant/add/", data).status_code == 302
    grant = RoleGrant.objects.get(user=newcomer)
    assert grant.state == RoleGrant.State.REQUESTED and not Role.objects.filter(user=newcomer).exists()
    assert ChangeLog.objects.get(object_type="accounts.rolegrant", object_id=str(grant.pk)).user == users["county"]


def test_organisation_role_does_not_manage_roles(client, users):
    client.force_login(users["organisation"])
    assert client.get("/admin/accounts/role/").status_code == 403
