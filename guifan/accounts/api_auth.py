"""The API's Basic auth, locked out like the login page: django-axes (first of AUTHENTICATION_BACKENDS) refuses a
locked account before its password is hashed; this says so, with 429 and the wait, instead of "wrong password"."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            credentials = {get_user_model().USERNAME_FIELD: userid}
            if request is not None and AxesProxyHandler.is_locked(request, credentials):
                wait = get_cool_off(request)
                raise exceptions.Throttled(
                    wait=wait.total_seconds() if wait else None,
                    detail=_("This account is locked after too many wrong passwords; try again later.")) from None
            raise
