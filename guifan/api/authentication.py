"""`Authorization: Bearer <token>`: a device token issued by the token endpoint (see docs/api.md)."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from guifan.accounts.scope import Scope

from . import actions
from .models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be: Bearer <token>."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        token = ApiToken.objects.select_related("user").filter(key_hash=actions.hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The token has been revoked; log in again."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("The token has expired; log in again."))
        actions.touch(token)
        user = token.user
        # The scope of the token's user (the middleware's was computed, lazily, for the request before DRF).
        request._request.scope = SimpleLazyObject(lambda: Scope(user))
        return user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A device token from POST /api/auth/token/ (docs/api.md)."}
