"""The second factor: required for staff and the city, county and township roles, optional for the others."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from guifan import testing as t
from guifan.accounts import second_factor

pytestmark = pytest.mark.django_db


def logged_in(username) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": f"pw-{username}"}).status_code == 302
    return client


@pytest.mark.parametrize("username", ["admin", "city", "county", "township"])
def test_required_for_administrative_and_region_roles(users, username):
    assert second_factor.required_for(users[username])
    client = logged_in(username)
    for path in (reverse("home"), reverse("search"), reverse("members:list"), reverse("admin:index"),
                 reverse("password_change")):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(reverse("otp_verify")), path


def test_county_role_verifies_a_code_and_a_wrong_one_is_refused(users):
    client = logged_in("county")
    page = client.get(reverse("otp_verify")).content.decode()
    assert "身份验证器" in page
    wrong = client.post(reverse("otp_verify"), {"token": "000000" if t.otp_code(users["county"]) != "000000"
                                                else "111111"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get(reverse("home")).url.startswith(reverse("otp_verify"))
    too_soon = client.post(reverse("otp_verify"), {"token": t.otp_code(users["county"])})
    assert too_soon.status_code == 200  # right, but a wrong code makes the next try wait (1 s, then 2, 4, ...)
    TOTPDevice.objects.filter(user=users["county"]).update(throttling_failure_timestamp=None)  # the wait is over
    right = client.post(reverse("otp_verify"), {"token": t.otp_code(users["county"]), "next": reverse("search")})
    assert right.status_code == 302 and right.url == reverse("search")
    assert client.get(reverse("search")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_is_accepted_once(users):
    code = t.otp_code(users["county"])
    first = logged_in("county")
    assert first.post(reverse("otp_verify"), {"token": code}).status_code == 302
    second = logged_in("county")
    assert second.post(reverse("otp_verify"), {"token": code}).status_code == 200


def without_admin_access(user):
    """The test users all reach the admin site (is_staff), which needs the second factor whatever the role."""
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    TOTPDevice.objects.filter(user=user).delete()
    return user


def test_not_required_for_member_and_organisation_roles(users):
    for username in ("member", "organisation"):
        assert second_factor.required_for(users[username])  # staff
        assert not second_factor.required_for(without_admin_access(users[username]))
        client = logged_in(username)
        response = client.get(reverse("home" if username == "member" else "start"))
        assert response.status_code == 302 and not response.url.startswith("/account/"), username
        assert client.get(response.url).status_code == 200


def test_a_member_who_enrols_is_asked_for_the_code_next_time(users):
    member = without_admin_access(users["member"])
    client = logged_in("member")
    start = client.get(reverse("otp_setup"))
    assert start.status_code == 200 and "开始" in start.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()  # a GET writes nothing
    client.post(reverse("otp_setup"), {"start": "1"})
    page = client.get(reverse("otp_setup")).content.decode()
    device = second_factor.pending_device(member)
    assert "<svg" in page and second_factor.current_code(device) not in page
    assert client.post(reverse("otp_setup"), {"token": "12345"}).status_code == 200
    assert client.post(reverse("otp_setup"), {"token": second_factor.current_code(device)}).status_code == 302
    assert second_factor.confirmed_device(member) == device
    again = logged_in("member")
    assert again.get(reverse("home")).url.startswith(reverse("otp_verify"))


def test_a_new_county_account_enrols_first(users):
    TOTPDevice.objects.filter(user=users["county"]).delete()
    client = logged_in("county")
    assert client.get(reverse("home")).url.startswith(reverse("otp_setup"))
    client.post(reverse("otp_setup"), {"start": "1"})
    device = second_factor.pending_device(users["county"])
    assert client.post(reverse("otp_setup"), {"token": second_factor.current_code(device)}).status_code == 302
    assert client.get(reverse("start")).url == reverse("regions:detail", args=["450321"])


def test_an_unverified_session_cannot_replace_the_device(users):
    client = logged_in("county")
    response = client.post(reverse("otp_setup"), {"start": "1"})
    assert response.status_code == 302 and response.url == reverse("otp_verify")
    assert second_factor.pending_device(users["county"]) is None
