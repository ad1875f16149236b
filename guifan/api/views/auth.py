"""Issuing a device token by username + password (+ the one-time code of an account with a TOTP device); a user's
own tokens, and revoking one."""

from django.apps import apps
from django.contrib.auth import authenticate, user_logged_in, user_login_failed
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from guifan.api import actions
from guifan.api.errors import refused as _errors
from guifan.api.models import ApiToken
from guifan.api.serializers import (
    ApiTokenSerializer,
    DetailSerializer,
    ErrorsSerializer,
    IssuedTokenSerializer,
    TokenRequestSerializer,
)


def _needs_code(user) -> bool:
    """Whether the account has a confirmed TOTP (or other django-otp) device."""
    if not apps.is_installed("django_otp"):
        return False
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def _code_matches(user, code: str) -> bool:
    from django_otp import match_token

    return match_token(user, code) is not None


def _locked_out(django_request) -> bool:
    """Whether django-axes (when installed) has locked the account or address out on this attempt. The flag is
    taken off: the API answers in JSON itself, and axes' middleware would replace the answer with its HTML page."""
    locked = bool(getattr(django_request, "axes_locked_out", False))
    django_request.axes_locked_out = False
    return locked


def _locked_answer():
    return _errors({"non_field_errors": [_("Too many failed logins: the account is locked for a while. Try again "
                                           "later or ask an administrator.")]}, status.HTTP_429_TOO_MANY_REQUESTS)


class TokenCreateView(APIView):
    """Log in from a device: answers a new token for it, shown once. The same lockout as the login page applies
    (django-axes, when installed, sees every failed attempt)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, auth=[],
                   responses={201: IssuedTokenSerializer, 400: ErrorsSerializer,
                              429: OpenApiResponse(ErrorsSerializer, description="Account locked")})
    def post(self, request):
        body = TokenRequestSerializer(data=request.data)
        if not body.is_valid():
            return _errors(body.errors)
        data = body.validated_data
        django_request = request._request
        user = authenticate(request=django_request, username=data["username"], password=data["password"])
        if user is None:
            if _locked_out(django_request):
                return _locked_answer()
            return _errors({"non_field_errors": [_("Wrong username or password.")]})
        if _needs_code(user):
            code = (data.get("otp") or "").strip()
            if not code:  # the password was right: the client asks for the code and tries again
                return _errors({"otp": [_("Enter the one-time code of your authenticator app.")]})
            if not _code_matches(user, code):
                user_login_failed.send(sender=__name__, credentials={"username": data["username"]},
                                       request=django_request)
                if _locked_out(django_request):
                    return _locked_answer()
                return _errors({"otp": [_("The one-time code is wrong or has expired.")]})
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        token, key = actions.issue_token(user, data["device_name"])
        token.token = key
        return Response(IssuedTokenSerializer(token).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: ApiTokenSerializer})
class TokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                   viewsets.GenericViewSet):
    """Your own device tokens; DELETE revokes one (an administrator revokes anyone's in the admin site)."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.all()

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user)

    @extend_schema(responses={204: None, 404: DetailSerializer})
    def destroy(self, request, *args, **kwargs):
        actions.revoke_token(self.get_object(), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
