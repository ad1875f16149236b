"""The back office: who gets in, its titles, and the logs scoped like the register."""

import pytest
from django.conf import settings

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.members import actions as member_actions
from guifan.members.models import Member


def test_member_role_cannot_reach_the_admin(client, users):
    client.force_login(users["member"])
    for url in ("/admin/", "/admin/members/member/", "/admin/orgs/organisation/", "/admin/core/changelog/"):
        assert client.get(url).status_code == 403, url  # a member's account opens its own record only
    member = users["member"].role.member
    assert client.get(f"/admin/members/member/{member.pk}/change/").status_code == 403


def test_staff_without_role_cannot_reach_the_admin(client, django_user_model, db):
    client.force_login(django_user_model.objects.create_user("norole", is_staff=True))
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("who", ["admin", "city", "county", "township", "organisation"])
def test_roles_that_manage_the_register_get_in(client, users, who):
    client.force_login(users[who])
    response = client.get("/admin/")
    assert response.status_code == 200
    assert str(settings.SITE_TITLE) in response.content.decode()


def test_change_log_is_scoped_and_read_only(client, users, two_counties):
    admin_user = users["admin"]
    for key in ("yangshuo", "lingui"):
        member_actions.update_member(two_counties[key]["members"][1], {"status": Member.Status.FLOWING},
                                     user=admin_user)
    client.force_login(users["county"])
    body = client.get("/admin/core/changelog/").content.decode()
    assert "yangshuo党员1" in body and "lingui党员1" not in body
    outside = ChangeLog.objects.get(object_repr__startswith="lingui")
    assert client.get(f"/admin/core/changelog/{outside.pk}/change/").status_code == 302
    inside = ChangeLog.objects.get(object_repr__startswith="yangshuo")
    page = client.get(f"/admin/core/changelog/{inside.pk}/change/")
    assert page.status_code == 200 and "flowing" in page.content.decode()
    assert client.post(f"/admin/core/changelog/{inside.pk}/change/", {}).status_code == 403
    assert client.get("/admin/core/changelog/add/").status_code == 403


def test_unmasked_views_are_for_superusers_only(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][0]
    audit.record_sensitive_view(users["admin"], member, "id_number", reason="check")
    client.force_login(users["county"])
    assert client.get("/admin/core/sensitiveaccess/").status_code == 403
    assert "sensitiveaccess" not in client.get("/admin/").content.decode()
    client.force_login(users["admin"])
    assert member.name in client.get("/admin/core/sensitiveaccess/").content.decode()
