"""Five wrong passwords lock the account for 30 minutes: on the login page, the admin login and the API's Basic auth."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_in(client, password, username="county", path=None):
    return client.post(path or reverse("login"), {"username": username, "password": password})


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


def test_the_api_token_endpoint_and_the_login_page_share_one_lock(users):
    """Bearer tokens are issued for a password (guifan.api): five wrong ones there lock the web login too."""
    api = Client()
    url = reverse("api-token-create")
    for _ in range(5):
        api.post(url, {"username": "county", "password": "wrong", "device_name": "phone"},
                 content_type="application/json")
    refused = api.post(url, {"username": "county", "password": "pw-county", "device_name": "phone"},
                       content_type="application/json")
    assert refused.status_code == 429
    assert log_in(Client(), "pw-county").status_code == 429  # the same lock as the login page
