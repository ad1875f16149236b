"""Login, home redirects per role, the no-role message and the scoped search."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from guifan import testing as t

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_logs_in(client, users):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "登录" in html and "基层党组织规范化建设" in html
    response = client.post(reverse("login"), {"username": "county", "password": "pw-county"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_password_shows_a_chinese_error(client, users):
    response = client.post(reverse("login"), {"username": "county", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("username", "target"),
    [
        ("admin", lambda d: reverse("regions:detail", args=["450300"])),
        ("city", lambda d: reverse("regions:detail", args=["450300"])),
        ("county", lambda d: reverse("regions:detail", args=["450321"])),
        ("township", lambda d: reverse("regions:detail", args=["450321100"])),
        ("organisation", lambda d: reverse("orgs:detail", args=[d["yangshuo"]["committee"].pk])),
        ("member", lambda d: reverse("members:detail", args=[d["yangshuo"]["members"][0].pk])),
    ],
)
def test_the_start_page_is_the_users_root(client, users, two_counties, username, target):
    """The home page is the to-do list (guifan.reporting.todo_views); the start page is the user's root."""
    client.force_login(users[username])
    response = client.get(reverse("home" if username == "member" else "start"))  # a member's home: their record
    assert response.status_code == 302
    assert response.url == target(two_counties)
    assert client.get(response.url).status_code == 200


def test_a_user_without_role_gets_a_clear_message(client, db):
    client.force_login(t.settled(get_user_model().objects.create_user("nobody", password="x")))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "尚未分配角色" in response.content.decode()


def test_logout_is_a_post(client, users):
    client.force_login(users["county"])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_search_is_scoped(client, users, two_counties):
    client.force_login(users["county"])
    html = client.get(reverse("search"), {"q": "党员1"}).content.decode()
    assert "yangshuo党员1" in html
    assert "lingui党员1" not in html
    html = client.get(reverse("search"), {"q": "村党总支"}).content.decode()
    assert "yangshuo村党总支" in html and "lingui村党总支" not in html


def test_search_by_name_is_masked_and_get_never_matches_a_full_id_number(client, users, two_counties):
    member = two_counties["yangshuo"]["members"][2]
    number = member.reveal_id_number()
    client.force_login(users["county"])
    html = client.get(reverse("search"), {"q": member.name}).content.decode()
    assert member.id_number_masked in html and number not in html
    assert 'action="/members/find/"' in html and 'method="post"' in html  # ID numbers go there, by POST
    response = client.get(reverse("search"), {"q": number})
    assert response.context["member_total"] == 0 and member.id_number_masked not in response.content.decode()


def test_language_switch_to_english(client, users):
    client.force_login(users["county"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("search")).content.decode()
    assert "Change log" in html and "变更记录" not in html
