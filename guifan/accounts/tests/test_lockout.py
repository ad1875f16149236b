"""Five wrong passwords lock the account for 30 minutes: on the login page, the admin login and the API's Basic auth."""

import base64
import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_in(client, password, username="county", path=None):
    return client.post(path or reverse("login"), {"username": username, "password": password})


def basic(username, password) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def test_the_fifth_failure_locks_and_the_right_password_is_refused(users, settings):
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME == 0.5
    client = Client()
    for _ in range(4):
        response = log_in(client, "wrong")
        assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
    locked = log_in(client, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "账户已锁定" in html and "30 分钟" in html
    refused = log_in(client, "pw-county")
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert log_in(Client(), "pw-county").status_code == 429  # another browser, same account


def test_four_failures_then_the_right_password_logs_in_and_starts_again(users):
    client = Client()
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "pw-county").status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "pw-county").status_code == 302  # a success resets the count


def test_the_lock_ends_after_the_cool_off(users):
    client = Client()
    for _ in range(5):
        log_in(client, "wrong")
    assert log_in(client, "pw-county").status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    assert log_in(client, "pw-county").status_code == 302


def test_other_accounts_are_not_locked(users):
    client = Client()
    for _ in range(5):
        log_in(client, "wrong")
    assert log_in(client, "pw-township", username="township").status_code == 302  # same address, other account


def test_the_admin_login_locks_too(users):
    client = Client()
    path = reverse("admin:login")
    for _ in range(5):
        log_in(client, "wrong", username="admin", path=path)
    response = log_in(client, "pw-admin", username="admin", path=path)
    assert response.status_code == 429 and "账户已锁定" in response.content.decode()


def test_the_api_basic_auth_locks_too(users):
    client = Client()
    url = reverse("region-list")
    assert client.get(url, **basic("county", "pw-county")).status_code == 200
    for _ in range(4):
        assert client.get(url, **basic("county", "wrong")).status_code in (401, 403)
    assert client.get(url, **basic("county", "wrong")).status_code == 429  # the 5th locks
    refused = client.get(url, **basic("county", "pw-county"))
    assert refused.status_code == 429 and "账户已锁定" in refused.json()["detail"]
    assert "450321" not in refused.content.decode()
    assert log_in(Client(), "pw-county").status_code == 429  # the same lock as the login page
