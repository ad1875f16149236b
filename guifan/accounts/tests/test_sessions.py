"""Sessions end after 30 idle minutes and when the browser closes; activity is written at most once a minute."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from guifan import testing as t
from guifan.accounts import controls

pytestmark = pytest.mark.django_db


def test_settings_end_sessions_at_browser_close_and_after_30_minutes():
    assert settings.GUIFAN_SESSION_IDLE_MINUTES <= 30
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == settings.GUIFAN_SESSION_IDLE_MINUTES * 60


def test_the_session_cookie_has_no_expiry(users):
    client = t.Client()
    response = client.post(reverse("login"), {"username": "member", "password": "pw-member"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]


def _idle(client, seconds):
    session = client.session
    session[controls.LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def test_idle_for_more_than_30_minutes_logs_out(users):
    client = t.Client()
    client.force_login(users["organisation"])
    _idle(client, 29 * 60)
    assert client.get(reverse("search")).status_code == 200
    _idle(client, 30 * 60 + 1)
    response = client.get(reverse("search"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "30 分钟未操作" in page


def test_activity_is_written_at_most_once_a_minute(users):
    client = t.Client()
    client.force_login(users["member"])
    _idle(client, 30)
    client.get(reverse("search"))
    assert time.time() - client.session[controls.LAST_ACTIVITY] >= 30  # not rewritten within the minute
    _idle(client, 61)
    client.get(reverse("search"))
    assert time.time() - client.session[controls.LAST_ACTIVITY] < 30  # renewed, and the stored session with it
