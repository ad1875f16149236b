"""Account controls on every request of a logged-in user, in this order:

1. idle timeout: a session unused for GUIFAN_SESSION_IDLE_MINUTES is logged out; the last activity is written to the
   session at most once a minute, which also renews the stored session's expiry (SESSION_COOKIE_AGE);
2. second factor: roles that need it (or accounts that enrolled an app) verify a code before any page;
3. password: a new account, one reset by an administrator, or a password older than the maximum age is sent to the
   password change page first.
Logging out, switching language, static files and the pages that resolve the requirement stay reachable.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import passwords, second_factor

LAST_ACTIVITY = "guifan_last_activity"
PASSWORD_VALID_UNTIL = "guifan_password_valid_until"  # kept in the session: a new password ends other sessions
TOUCH_EVERY_SECONDS = 60


def _starts(*names: str) -> tuple[str, ...]:
    return tuple(reverse(name) for name in names)


class AccountControlsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def paths(self) -> dict:
        if self._paths is None:
            always = (*_starts("logout", "admin:logout", "set_language"), "/" + settings.STATIC_URL.lstrip("/"))
            otp_pages = _starts("otp_setup", "otp_verify")
            self._paths = {"otp": always + otp_pages, "password": always + otp_pages + _starts("password_change")}
        return self._paths

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            response = self.idle_timeout(request) or self.second_factor(request) or self.password(request)
            if response is not None:
                return response
        return self.get_response(request)

    def idle_timeout(self, request):
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and now - last > settings.GUIFAN_SESSION_IDLE_MINUTES * 60:
            logout(request)
            messages.info(request, _("You were logged out after %(minutes)d minutes without activity. Please log in "
                                     "again.") % {"minutes": settings.GUIFAN_SESSION_IDLE_MINUTES})
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        if last is None or now - last >= TOUCH_EVERY_SECONDS:
            request.session[LAST_ACTIVITY] = now
        return None

    def second_factor(self, request):
        user = request.user
        if user.is_verified() or request.path.startswith(self.paths()["otp"]):
            return None
        device = second_factor.confirmed_device(user)
        if device is None and not second_factor.required_for(user):
            return None
        target = "otp_verify" if device is not None else "otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    def password(self, request):
        if request.path == reverse("admin:password_change"):  # one page to change one's password: ours
            return redirect("password_change")
        valid_until = request.session.get(PASSWORD_VALID_UNTIL)
        if valid_until is not None and (valid_until == 0 or time.time() < valid_until):
            return None
        if remember_password_status(request) is None:
            return None
        if request.path.startswith(self.paths()["password"]):
            return None
        return redirect(f"{reverse('password_change')}?{urlencode({'next': request.get_full_path()})}")


def remember_password_status(request, user=None) -> str | None:
    """Checks the password's state once and keeps its expiry in the session while it needs no change (any new
    password ends the account's other sessions, so the session's copy cannot go stale); returns the reason to change."""
    reason, until = passwords.status(user or request.user)
    if reason is None:
        request.session[PASSWORD_VALID_UNTIL] = 0 if until is None else until.timestamp()
    else:
        request.session.pop(PASSWORD_VALID_UNTIL, None)
    return reason


def on_login(sender, request, user, **kwargs):
    """At login, which stores the session anyway: start the idle clock and check the password once."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())
        remember_password_status(request, user)
