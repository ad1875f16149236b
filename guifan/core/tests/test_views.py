"""The change log page: scoped rows, filters, before/after differences in the user's language."""

import pytest
from django.urls import reverse

from guifan.members import actions as member_actions
from guifan.members.models import Member
from guifan.orgs import actions as org_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(users, two_counties):
    y, lingui = two_counties["yangshuo"], two_counties["lingui"]
    member_actions.update_member(y["members"][0], {"status": Member.Status.FLOWING}, user=users["county"])
    org_actions.update_organisation(y["branch"], {"name": "阳朔新名支部"}, user=users["township"])
    member_actions.update_member(lingui["members"][0], {"status": Member.Status.LOST_CONTACT}, user=users["admin"])


def test_changes_are_scoped_and_show_differences(client, users, changes):
    client.force_login(users["county"])
    response = client.get(reverse("core:changelog"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "yangshuo党员0" in html and "lingui党员0" not in html
    assert "<del>正常</del> → <ins>流动党员</ins>" in html
    assert "<del>yangshuo村第一党支部</del> → <ins>阳朔新名支部</ins>" in html
    assert response.context["page_obj"].paginator.count == 2


def test_filters_by_type_and_user(client, users, changes):
    client.force_login(users["admin"])
    response = client.get(reverse("core:changelog"), {"object_type": "orgs.organisation"})
    assert [log.object_repr for log in response.context["page_obj"].object_list] == ["阳朔新名支部"]
    response = client.get(reverse("core:changelog"), {"user": users["admin"].pk})
    assert [log.object_repr[:10] for log in response.context["page_obj"].object_list] == ["lingui党员0 "]


def test_member_role_sees_no_changes(client, users, changes):
    client.force_login(users["member"])
    assert client.get(reverse("core:changelog")).status_code == 403  # a member sees only their own record
