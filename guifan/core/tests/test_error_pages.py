"""Error pages in plain Chinese (issue 10 items 4 and 8): 403, 404, 500 and a refused form (CSRF), and a normal
refusal logged without a traceback."""

import logging

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import translation

from guifan.core.log_filters import RefusalsWithoutTraceback
from guifan.testing import Client as VerifiedClient

pytestmark = pytest.mark.django_db


def _verified(user):
    client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_not_found_and_no_access_speak_chinese(users):
    missing = _verified(users["county"]).get("/no/such/page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    refused = _verified(users["member"]).get("/assessment/whatif/")
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()


def test_a_form_sent_without_its_token_is_refused_in_chinese(users):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.post("/login/", {"username": "county", "password": "pw-county"})
    assert response.status_code == 403 and "表单已过期" in response.content.decode()


def test_the_server_error_page_needs_no_request():
    with translation.override("zh-hans"):
        text = render_to_string("500.html")
    assert "出错了" in text and "返回首页" in text


@override_settings(DEBUG=False)
def test_a_refusal_is_logged_without_its_traceback():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", None,
                               (PermissionError, PermissionError("x"), None))
    record.status_code = 403
    assert RefusalsWithoutTraceback().filter(record) and record.exc_info is None
    error = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Error", None,
                              (ValueError, ValueError("x"), None))
    error.status_code = 500
    assert RefusalsWithoutTraceback().filter(error) and error.exc_info is not None
