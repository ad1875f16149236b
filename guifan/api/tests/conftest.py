import pytest
from rest_framework.test import APIClient

from guifan.api import actions


@pytest.fixture(autouse=True)
def _no_lockout(settings):
    """django-axes (when installed) counts failures by address: every test client is 127.0.0.1. Only the lockout
    tests turn it on."""
    settings.AXES_ENABLED = False


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_for():
    def make(user, device="测试手机"):
        return actions.issue_token(user, device)[1]

    return make


@pytest.fixture
def as_user(api, token_for):
    """An API client sending a fresh device token of `user`."""
    def make(user):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return api

    return make
