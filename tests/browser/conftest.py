"""What every browser test shares: the system Chromium driven by Playwright, viewports, where screenshots go."""

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}
SCREENSHOTS = os.environ.get("GUIFAN_SCREENSHOT_DIR", "/tmp")


@pytest.fixture
def browser():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no Chromium found on PATH (chromium or chromium-browser); install it to run browser tests")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one otherwise.
    # Only while the browser runs: a later test in this worker may start a command that must not inherit it.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def log_in(page, url: str, username: str, password: str | None = None) -> None:
    """Through the login page as a test user (password pw-USERNAME), then the code of its authenticator app when the
    site asks for one (guifan.testing enrols one for every role that needs it)."""
    from django.contrib.auth import get_user_model

    from guifan import testing as t

    page.goto(url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or "pw-" + username)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    if "/account/verify/" in page.url:
        page.fill("#id_token", t.otp_code(get_user_model().objects.get(username=username)))
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
