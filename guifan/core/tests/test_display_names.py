"""People are named by their names (issue 10 item 4): the header, the change log and the admin never show a login
name when a name, a member or a role says who the account is."""

import pytest
from django.utils import translation

from guifan import testing as t
from guifan.accounts.models import Role
from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.core.names import display_name
from tests.visible_text import visible_text

pytestmark = pytest.mark.django_db


def test_the_name_comes_from_the_person_then_the_role_then_the_login(users, two_counties):
    named = t.user("zhangsan")
    named.first_name, named.last_name = "三", "张"
    english = t.user("alee")
    english.first_name, english.last_name = "Ann", "Lee"
    sysadmin = t.user("sys", Role.Kind.SYSTEM_ADMIN)
    with translation.override("zh-hans"):
        assert display_name(named) == "张三" and display_name(english) == "Ann Lee"
        assert display_name(users["member"]) == two_counties["yangshuo"]["members"][0].name
        assert display_name(users["township"]) == f"{users['township'].role.region.name}账户"
        assert display_name(users["organisation"]) == f"{two_counties['yangshuo']['committee'].name}账户"
        assert display_name(sysadmin) == "系统管理员"
        assert display_name(users["admin"]) == "admin"  # no name, no role: the login name is all there is
    assert display_name(None) == ""


@pytest.mark.parametrize("who", ["township", "organisation", "member"])
def test_the_header_shows_the_name_not_the_login(client, users, who):
    client.force_login(users[who])
    page = client.get("/", follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = visible_text(page.content.decode())
    assert display_name(users[who]) in text
    assert f" {who} " not in f" {' '.join(text.split())} "


def test_the_admin_welcomes_by_name(client, users):
    client.force_login(users["township"])
    text = " ".join(visible_text(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()).split())
    assert f"欢迎， {display_name(users['township'])} ." in text or f"欢迎，{display_name(users['township'])}" in text
    assert "Model name" not in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_a_run_entry_shows_what_it_recorded(client, users, two_counties):
    org = two_counties["yangshuo"]["committee"]
    audit.entry(org, ChangeLog.Action.RUN, users["admin"], after={"name": "试运行", "is_regional": True},
                source="assessment").save()
    client.force_login(users["admin"])
    text = visible_text(client.get("/log/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "试运行" in text and "是" in text and "考核评价" in text
    assert "None" not in text and "True" not in text
