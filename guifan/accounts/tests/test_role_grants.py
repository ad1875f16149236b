"""三员分立: role requests approved by the security administrator; no one grants at or above their own level; the
three administrators exclude each other and data roles and see no register data."""

import pytest
from django.core.exceptions import ValidationError

from guifan import testing as t
from guifan.accounts import actions
from guifan.accounts.models import Role, RoleGrant
from guifan.accounts.scope import Scope
from guifan.core.models import ChangeLog, SecurityEvent


@pytest.fixture
def officers(users):
    return {kind: t.user(kind, kind) for kind in ("system_admin", "security_admin", "audit_admin")}


def test_county_cannot_ask_for_a_county_role(users, two_counties, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer")
    with pytest.raises(ValidationError):
        actions.request_role(users["county"], newcomer, Role.Kind.COUNTY, region=two_counties["yangshuo"]["county"])
    with pytest.raises(ValidationError):  # nor promote a township account to its own level
        actions.request_role(users["county"], users["township"], Role.Kind.COUNTY,
                             region=two_counties["yangshuo"]["county"])
    assert not RoleGrant.objects.exists()
    denied = SecurityEvent.objects.filter(event="role_request", result="denied")
    assert denied.count() == 2 and {e.username for e in denied} == {"county"}


def test_county_cannot_touch_an_account_outside_or_above(users, two_counties):
    y = two_counties["yangshuo"]
    with pytest.raises(ValidationError):  # the city account is above
        actions.request_role(users["county"], users["city"], Role.Kind.TOWNSHIP, region=y["township"])
    with pytest.raises(ValidationError):  # a township outside the county
        actions.request_role(users["county"], users["township"], Role.Kind.TOWNSHIP,
                             region=two_counties["lingui"]["township"])


def test_a_grant_needs_the_security_administrators_approval(users, officers, two_counties, django_user_model):
    y = two_counties["yangshuo"]
    newcomer = django_user_model.objects.create_user("newcomer")
    grant = actions.request_role(users["county"], newcomer, Role.Kind.TOWNSHIP, region=y["township"])
    assert not Role.objects.filter(user=newcomer).exists()
    for who in ("county", "city"):
        with pytest.raises(ValidationError):
            actions.approve(grant, users[who])
    for kind in ("system_admin", "audit_admin"):
        with pytest.raises(ValidationError):
            actions.approve(grant, officers[kind])
    role = actions.approve(grant, officers["security_admin"])
    assert (role.kind, role.region) == (Role.Kind.TOWNSHIP, y["township"])
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.APPROVED and grant.decided_by == officers["security_admin"]
    # Logged with the granted scope's region path: in the county's and the township's change log.
    log = ChangeLog.objects.get(object_type="accounts.role", object_id=str(role.pk))
    assert log.region_path == y["township"].path
    assert Scope(users["county"]).change_logs().filter(pk=log.pk).exists()
    assert Scope(users["township"]).change_logs().filter(pk=log.pk).exists()
    assert SecurityEvent.objects.filter(event="role_approve", result="success", username="security_admin").exists()
    with pytest.raises(ValidationError):  # decided once
        actions.refuse(grant, officers["security_admin"])


def test_refused_request_gives_no_role(users, officers, two_counties, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer")
    grant = actions.request_role(users["township"], newcomer, Role.Kind.ORGANISATION,
                                 organisation=two_counties["yangshuo"]["branch"])
    actions.refuse(grant, officers["security_admin"])
    assert not Role.objects.filter(user=newcomer).exists()
    assert RoleGrant.objects.get().state == RoleGrant.State.REFUSED


def test_only_a_superuser_grants_the_administrator_roles(users, officers, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer")
    with pytest.raises(ValidationError):
        actions.request_role(officers["security_admin"], newcomer, Role.Kind.SECURITY_ADMIN)
    grant = actions.request_role(users["admin"], newcomer, Role.Kind.AUDIT_ADMIN)
    role = actions.approve(grant, users["admin"])
    newcomer.refresh_from_db()
    assert role.kind == Role.Kind.AUDIT_ADMIN and newcomer.is_staff and not newcomer.is_superuser
    with pytest.raises(ValidationError):  # a superuser holds no administrator role
        actions.request_role(users["admin"], t.user("root2", superuser=True), Role.Kind.AUDIT_ADMIN)


def test_administrator_roles_exclude_each_other_and_data_roles(officers, two_counties):
    role = officers["audit_admin"].role
    role.region = two_counties["yangshuo"]["county"]
    with pytest.raises(ValidationError):
        role.full_clean()
    # One role per account: an administrator holds nothing else.
    assert Role._meta.get_field("user").one_to_one


@pytest.mark.parametrize("kind", ["system_admin", "security_admin", "audit_admin"])
def test_administrators_see_no_register_data(client, officers, two_counties, kind):
    scope = Scope(officers[kind])
    assert not scope.members().exists() and not scope.organisations().exists() and not scope.regions().exists()
    assert not scope.can_edit
    client.force_login(officers[kind])
    member = two_counties["yangshuo"]["members"][0]
    assert client.get(f"/members/{member.pk}/").status_code == 404
    assert client.get("/api/members/").json()["count"] == 0
    assert client.get("/admin/members/member/").status_code == 403


def test_each_administrator_opens_only_its_own_admin_pages(client, officers):
    expect = {"system_admin": "/admin/auth/user/", "security_admin": "/admin/accounts/rolegrant/",
              "audit_admin": "/admin/core/securityevent/"}
    for kind, user in officers.items():
        client.force_login(user)
        for other, url in expect.items():
            assert client.get(url).status_code == (200 if other == kind else 403), (kind, url)


def test_security_admin_approves_in_the_admin(client, users, officers, two_counties, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer")
    grant = actions.request_role(users["county"], newcomer, Role.Kind.TOWNSHIP,
                                 region=two_counties["yangshuo"]["township"])
    client.force_login(officers["security_admin"])
    client.post("/admin/accounts/rolegrant/", {"action": "approve_selected", "_selected_action": [grant.pk]})
    assert Role.objects.get(user=newcomer).kind == Role.Kind.TOWNSHIP


def test_system_admin_deactivates_but_never_deletes(client, users, officers):
    client.force_login(officers["system_admin"])
    member_user = users["member"]
    assert client.get(f"/admin/auth/user/{member_user.pk}/delete/").status_code == 403
    assert client.get(f"/admin/auth/user/{users['admin'].pk}/change/").status_code in (302, 403)
    assert client.get(f"/admin/auth/user/{officers['security_admin'].pk}/change/").status_code in (302, 403)


def test_a_password_set_by_the_system_admin_is_recorded(client, users, officers):
    client.force_login(officers["system_admin"])
    url = f"/admin/auth/user/{users['member'].pk}/password/"
    response = client.post(url, {"password1": "a-new-long-pass-9", "password2": "a-new-long-pass-9",
                                 "usable_password": "true"})
    assert response.status_code == 302
    event = SecurityEvent.objects.filter(event="password_change").get()
    assert (event.user, event.username) == (officers["system_admin"], "system_admin")
    assert (event.object_type, event.object_repr) == ("auth.user", "member")
