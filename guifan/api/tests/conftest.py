import pytest
from rest_framework.test import APIClient

from guifan.api import actions


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
