"""Device tokens: issued by username + password (+ one-time code), stored as a hash, scoped like the web, expiring,
revocable by the user and by administrators; wrong passwords and locked accounts get none."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from guifan import testing as t
from guifan.accounts import second_factor
from guifan.api import actions
from guifan.api.models import ApiToken
from guifan.api.views import auth as auth_views
from guifan.core.models import ChangeLog

TOKEN_URL = "/api/auth/token/"


def login(api, username, password=None, **extra):
    """As a phone client logs in: with the code of the account's authenticator app when it has one."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None and "otp" not in extra and second_factor.confirmed_device(user):
        extra["otp"] = t.otp_code(user)
    return api.post(TOKEN_URL, {"username": username, "password": password or f"pw-{username}",
                                "device_name": "张三的手机", **extra}, format="json")


def test_a_token_is_issued_once_and_only_its_hash_is_stored(api, users):
    r = login(api, "organisation")
    assert r.status_code == 201
    key = r.json()["token"]
    assert key.startswith("gf_") and r.json()["device_name"] == "张三的手机" and r.json()["active"]
    stored = ApiToken.objects.get()
    assert stored.key_hash == actions.hash_key(key) and key not in str(vars(stored))
    assert stored.expires_at - timezone.now() > dt.timedelta(days=29)
    assert ChangeLog.objects.filter(object_type="api.apitoken", action="create", user=users["organisation"]).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    listed = api.get("/api/auth/tokens/").json()["results"]
    assert [t["device_name"] for t in listed] == ["张三的手机"] and "token" not in listed[0]
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_wrong_password_unknown_user_and_inactive_account_get_no_token(api, users):
    assert login(api, "organisation", "wrong").json()["errors"] == {"non_field_errors": ["用户名或密码不正确。"]}
    assert login(api, "nobody").status_code == 400
    users["county"].is_active = False
    users["county"].save()
    assert login(api, "county").status_code == 400
    assert not ApiToken.objects.exists()


def test_missing_fields_are_named(api, users):
    r = api.post(TOKEN_URL, {"username": "county"}, format="json")
    assert r.status_code == 400 and set(r.json()["errors"]) == {"password", "device_name"}


class LockedOutBackend:
    """What django-axes does for a locked account: it marks the request and refuses."""

    def authenticate(self, request, **credentials):
        request.axes_locked_out = True
        raise PermissionDenied

    def get_user(self, user_id):
        return None


def test_a_locked_account_is_refused(api, users, settings):
    settings.AUTHENTICATION_BACKENDS = ["guifan.api.tests.test_tokens.LockedOutBackend",
                                        "django.contrib.auth.backends.ModelBackend"]
    r = login(api, "organisation")
    assert r.status_code == 429 and "锁定" in r.json()["errors"]["non_field_errors"][0]
    assert not ApiToken.objects.exists()


def test_an_account_with_a_totp_device_needs_its_code(api, users, monkeypatch):
    monkeypatch.setattr(auth_views, "_needs_code", lambda user: user.username == "organisation")
    monkeypatch.setattr(auth_views, "_code_matches", lambda user, code: code == "123456")
    assert "otp" in login(api, "organisation").json()["errors"]
    assert "otp" in login(api, "organisation", otp="000000").json()["errors"]
    assert login(api, "organisation", otp="123456").status_code == 201
    assert login(api, "county").status_code == 201  # no device: no code asked


@pytest.mark.parametrize("role, seen", [
    ("county", {f"yangshuo党员{i}" for i in range(4)}),
    ("member", {"yangshuo党员0"}),
    ("city", {f"{c}党员{i}" for c in ("yangshuo", "lingui") for i in range(4)}),
])
def test_a_token_sees_what_its_user_sees_on_the_web(as_user, users, role, seen):
    names = {m["name"] for m in as_user(users[role]).get("/api/members/").json()["results"]}
    assert names == seen


def test_a_county_token_sees_only_its_county(as_user, users, two_counties):
    c = as_user(users["county"])
    codes = {o["region"][:6] for o in c.get("/api/organisations/").json()["results"]}
    assert codes == {"450321"}
    other = two_counties["lingui"]["members"][0]
    assert c.get(f"/api/members/{other.pk}/").status_code == 404


def test_an_expired_or_revoked_token_is_refused(api, users, token_for):
    key = token_for(users["county"])
    token = ApiToken.objects.get(key_hash=actions.hash_key(key))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/regions/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = api.get("/api/regions/")
    assert r.status_code == 401 and "过期" in r.json()["detail"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    api.credentials(HTTP_AUTHORIZATION="Bearer gf_not-a-token")
    assert api.get("/api/regions/").status_code == 401


def test_a_user_revokes_their_own_token_only(api, users, token_for):
    mine = token_for(users["county"])
    other = ApiToken.objects.get(key_hash=actions.hash_key(token_for(users["city"])))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {mine}")
    assert api.delete(f"/api/auth/tokens/{other.pk}/").status_code == 404
    own = ApiToken.objects.get(key_hash=actions.hash_key(mine))
    assert api.delete(f"/api/auth/tokens/{own.pk}/").status_code == 204
    own.refresh_from_db()
    assert own.revoked_at is not None
    r = api.get("/api/regions/")
    assert r.status_code == 401 and "撤销" in r.json()["detail"]
    assert ChangeLog.objects.filter(object_type="api.apitoken", action="update").count() == 1


def test_an_administrator_revokes_any_token_in_the_admin(client, users, token_for):
    token = ApiToken.objects.get(key_hash=actions.hash_key(token_for(users["county"])))
    client.force_login(users["admin"])
    r = client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_active


def test_basic_auth_is_no_longer_accepted(api, users):
    api.credentials(HTTP_AUTHORIZATION="Basic Y291bnR5OnB3LWNvdW50eQ==")  # county:pw-county
    assert api.get("/api/regions/").status_code == 401


def test_all_tokens_of_a_user_are_revoked_at_once(users, token_for):
    token_for(users["county"], "phone")
    token_for(users["county"], "tablet")
    token_for(users["city"])
    assert actions.revoke_all_tokens(users["county"], users["admin"]) == 2
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1
