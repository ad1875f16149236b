"""The token endpoint with the real django-axes and django-otp, when the project has them installed: a locked
account gets no token (and a JSON answer, not axes' page), an account with a TOTP device needs its current code."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed

from guifan.api.models import ApiToken


def login(api, username, password=None, **extra):
    return api.post("/api/auth/token/", {"username": username, "password": password or f"pw-{username}",
                                         "device_name": "phone", **extra}, format="json")


@pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes is not installed")
def test_axes_locks_the_account_after_repeated_failures(api, users, settings):
    settings.AXES_ENABLED, settings.AXES_FAILURE_LIMIT = True, 3
    for _ in range(2):
        assert login(api, "county", "bad").status_code == 400
    r = login(api, "county", "bad")
    assert r.status_code == 429 and r.headers["Content-Type"] == "application/json"
    r = login(api, "county")  # the right password, but locked
    assert r.status_code == 429 and "锁定" in r.json()["errors"]["non_field_errors"][0]
    assert not ApiToken.objects.exists()


@pytest.mark.skipif(not apps.is_installed("django_otp.plugins.otp_totp"), reason="django-otp TOTP is not installed")
def test_an_account_with_a_confirmed_totp_device_needs_its_code(api, users):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=users["organisation"], name="app", confirmed=True)
    assert login(api, "organisation").json()["errors"]["otp"] == ["请输入身份验证器中的动态口令。"]
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    code, wrong = str(token).zfill(6), str((token + 500_000) % 1_000_000).zfill(6)
    assert login(api, "organisation", otp=wrong).json()["errors"]["otp"] == ["动态口令错误或已过期。"]
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down the next tries after a wrong code
    assert login(api, "organisation", otp=code).status_code == 201
    get_user_model().objects.create_user("plain", password="pw-plain")  # no role that needs a device
    assert login(api, "plain").status_code == 201  # no device: no code asked


@pytest.mark.skipif(not apps.is_installed("django_otp.plugins.otp_totp"), reason="django-otp TOTP is not installed")
def test_a_wrong_code_is_a_failed_login(api, users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=users["organisation"], name="app", confirmed=True)
    failed = []
    user_login_failed.connect(receiver := (lambda sender, credentials, **kw: failed.append(credentials["username"])))
    try:
        login(api, "organisation")  # no code yet: the password was right, not a failure
        login(api, "organisation", otp="12345")
    finally:
        user_login_failed.disconnect(receiver)
    assert failed == ["organisation"]
