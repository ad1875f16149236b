"""Four eyes on role grants (issue 9 item 4, 三员分立): no one approves a request they made, nor one giving them a
role; the refusal is in Chinese, writes nothing and is in the security log."""

import pytest
from django.core.exceptions import ValidationError

from guifan import testing as t
from guifan.accounts import actions
from guifan.accounts.models import Role, RoleGrant
from guifan.core.models import ChangeLog, SecurityEvent


@pytest.fixture
def security_admins(users):
    return t.user("security_admin", Role.Kind.SECURITY_ADMIN), t.user("security_admin2", Role.Kind.SECURITY_ADMIN)


def _refused(grant, decider) -> str:
    changes = ChangeLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        actions.approve(grant, decider)
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.REQUESTED and grant.decided_by is None
    assert ChangeLog.objects.count() == changes
    event = SecurityEvent.objects.filter(event="role_approve", result="denied").latest("seq")
    assert event.username == decider.username
    return " ".join(caught.value.messages), event


def test_a_security_admin_cannot_approve_their_own_request(security_admins, two_counties, django_user_model):
    mine, other = security_admins
    newcomer = django_user_model.objects.create_user("newcomer")
    grant = actions.request_role(mine, newcomer, Role.Kind.TOWNSHIP, region=two_counties["yangshuo"]["township"])
    message, event = _refused(grant, mine)
    assert "不能审批自己提出的申请" in message
    assert event.detail["four_eyes"] == "own_request"
    assert not Role.objects.filter(user=newcomer).exists()
    role = actions.approve(grant, other)  # another security administrator may
    assert role.user == newcomer


def test_no_one_approves_a_role_for_their_own_account(security_admins, users, two_counties):
    mine, other = security_admins
    grant = RoleGrant.objects.create(user=mine, kind=Role.Kind.TOWNSHIP, region=two_counties["yangshuo"]["township"],
                                     requested_by=users["county"])
    message, event = _refused(grant, mine)
    assert "不能审批授予自己账号的角色" in message
    assert event.detail["four_eyes"] == "own_account"
    assert mine.role.kind == Role.Kind.SECURITY_ADMIN


def test_the_refusal_shows_in_the_admin(client, security_admins, two_counties, django_user_model):
    mine, _other = security_admins
    newcomer = django_user_model.objects.create_user("newcomer")
    grant = actions.request_role(mine, newcomer, Role.Kind.TOWNSHIP, region=two_counties["yangshuo"]["township"])
    client.force_login(mine)
    response = client.post("/admin/accounts/rolegrant/", {"action": "approve_selected", "_selected_action": [grant.pk]},
                           follow=True)
    assert "不能审批自己提出的申请" in response.content.decode()
    grant.refresh_from_db()
    assert grant.state == RoleGrant.State.REQUESTED
