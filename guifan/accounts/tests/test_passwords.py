"""The password policy: length and kinds, common and numeric passwords, the last five, expiry and the forced change."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guifan import testing as t
from guifan.accounts import passwords
from guifan.accounts.models import PasswordHistory, PasswordState, Role
from guifan.accounts.signals import password_changed

pytestmark = pytest.mark.django_db


def refused(password, user=None) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


def test_length_and_three_of_four_kinds():
    assert "至少 8 个字符" in refused("Abcde1!")  # 7 characters of four kinds
    validate_password("Qwmz7rtx")  # 8: upper, lower, digit
    validate_password("qwmz7rt!")  # 8: lower, digit, symbol
    assert "四类" in refused("qwmzkrtx7")  # lower and digit only
    assert "四类" in refused("QWMZ!RTX")  # upper and symbol only


@pytest.mark.parametrize("password", ["aaaaaaaa", "12345678", "password", "Password1", "P@ssw0rd"])
def test_weak_and_common_passwords_are_refused(password):
    refused(password)


def test_a_password_like_the_user_name_is_refused():
    user = get_user_model()(username="zhangweiming", first_name="Zhang")
    assert "相似" in refused("Zhangweiming1", user)


def test_none_of_the_last_five_again():
    user = t.user("history")
    chosen = [f"Secret-{n}x" for n in range(1, 7)]
    for password in chosen:
        user.set_password(password)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5  # older hashes are forgotten
    validate_password(chosen[0], user)  # the 6th-last may come back
    assert "最近 5 次" in refused(chosen[1], user)  # the 5th-last may not
    assert "最近 5 次" in refused(chosen[5], user)  # nor the current one


def test_history_keeps_hashes_only():
    user = t.user("hashes")
    user.set_password("Unique-pass1")
    user.save()
    stored = PasswordHistory.objects.filter(user=user).first().password
    assert "Unique-pass1" not in stored and stored == user.password


def _age(user, days):
    PasswordState.objects.filter(user=user).update(changed_at=timezone.now() - dt.timedelta(days=days))


def test_a_password_expires_after_90_days(settings):
    assert settings.GUIFAN_PASSWORD_MAX_AGE_DAYS == 90
    user = t.user("ageing", Role.Kind.MEMBER, member=t.member(t.organisation(t.host_unit("450321100"))))
    _age(user, 89)
    assert passwords.change_needed(user) is None
    day_before = t.Client()
    day_before.force_login(user)
    assert day_before.get(reverse("home")).status_code == 302
    assert not day_before.get(reverse("home")).url.startswith(reverse("password_change"))
    _age(user, 90)
    assert passwords.change_needed(user) == passwords.ChangeReason.EXPIRED
    day_after = t.Client()
    day_after.force_login(user)
    response = day_after.get(reverse("home"))
    assert response.url.startswith(reverse("password_change"))
    page = day_after.get(response.url).content.decode()
    assert "超过 90 天" in page


def test_first_login_must_change_the_password(two_counties):
    member = two_counties["yangshuo"]["members"][0]
    user = get_user_model().objects.create_user("newbie", password="Given-by-admin1")
    Role.objects.create(user=user, kind=Role.Kind.MEMBER, member=member)
    client = Client()
    assert client.post(reverse("login"), {"username": "newbie", "password": "Given-by-admin1"}).status_code == 302
    for path in (reverse("home"), reverse("search"), reverse("members:detail", args=[member.pk])):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(reverse("password_change")), path
    page = client.get(reverse("password_change")).content.decode()
    assert "首次登录" in page
    assert client.post(reverse("logout")).status_code == 302  # logging out stays possible


def test_an_administrator_reset_forces_a_change(users):
    target = users["member"]
    admin = t.Client()
    admin.force_login(users["admin"])
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    received = []
    password_changed.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-reset")
    try:
        response = admin.post(url, {"password1": "Reset-by-admin9", "password2": "Reset-by-admin9"})
    finally:
        password_changed.disconnect(dispatch_uid="test-reset")
    assert response.status_code == 302
    assert passwords.change_needed(target) == passwords.ChangeReason.FIRST
    assert received[0]["user"] == target and received[0]["by"] == users["admin"] and received[0]["reason"] == "reset"


def test_an_administrator_reset_uses_the_policy_too(users):
    admin = t.Client()
    admin.force_login(users["admin"])
    url = reverse("admin:auth_user_password_change", args=[users["member"].pk])
    response = admin.post(url, {"password1": "aaaaaaaa", "password2": "aaaaaaaa"})
    assert response.status_code == 200 and "四类" in response.content.decode()


@pytest.mark.parametrize("role", ["organisation", "member"])
def test_organisation_and_member_accounts_change_their_own_password(users, role):
    user = users[role]
    client = t.Client()
    client.force_login(user)
    start = reverse("home" if role == "member" else "start")  # a member's home is their record
    page = client.get(start)
    assert page.status_code == 302
    html = client.get(page.url).content.decode()
    assert reverse("password_change") in html  # linked from the header
    received = []
    password_changed.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-own")
    try:
        weak = client.post(reverse("password_change"), {"old_password": f"pw-{role}", "new_password1": "abcdefgh",
                                                        "new_password2": "abcdefgh"})
        assert weak.status_code == 200 and "四类" in weak.content.decode()
        response = client.post(reverse("password_change"), {"old_password": f"pw-{role}",
                                                            "new_password1": "Mine-0nly-pw",
                                                            "new_password2": "Mine-0nly-pw"})
    finally:
        password_changed.disconnect(dispatch_uid="test-own")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mine-0nly-pw")
    assert received == [{"signal": password_changed, "sender": PasswordState, "user": user, "by": user,
                         "request": received[0]["request"], "reason": "own"}]
    assert client.get(start).status_code == 302  # still logged in
    assert not client.get(start).url.startswith(reverse("login"))


def test_the_change_clears_the_forced_change(two_counties):
    user = get_user_model().objects.create_user("fresh", password="Given-by-admin1")
    Role.objects.create(user=user, kind=Role.Kind.ORGANISATION, organisation=two_counties["yangshuo"]["committee"])
    client = Client()
    client.post(reverse("login"), {"username": "fresh", "password": "Given-by-admin1"})
    response = client.post(reverse("password_change"), {"old_password": "Given-by-admin1",
                                                        "new_password1": "Chosen-by-me2",
                                                        "new_password2": "Chosen-by-me2"})
    assert response.status_code == 302
    assert client.get(reverse("start")).url == reverse("orgs:detail", args=[two_counties["yangshuo"]["committee"].pk])
    assert passwords.change_needed(user) is None


def test_the_admin_password_page_leads_to_ours(users):
    client = t.Client()
    client.force_login(users["county"])
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302 and response.url == reverse("password_change")
