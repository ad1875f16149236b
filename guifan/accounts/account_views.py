"""Every account's own security pages: change the password, enrol an authenticator app, verify a code."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import actions, passwords, second_factor


class CodeForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Six-digit code from the app"), min_length=6, max_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                          "autofocus": True, "pattern": "[0-9]{6}"}))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.change_own_password(request, form)
        messages.success(request, _("Your password has been changed."))
        return redirect(_next_url(request))
    context = {"form": form, "reason": passwords.change_needed(request.user), "next": _next_url(request),
               "max_age": settings.GUIFAN_PASSWORD_MAX_AGE_DAYS,
               "has_device": second_factor.confirmed_device(request.user) is not None,
               "device_required": second_factor.required_for(request.user)}
    return render(request, "accounts/password_change.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    user = request.user
    if second_factor.confirmed_device(user) is not None and not user.is_verified():
        return redirect("otp_verify")  # replacing a device takes a code from the current one first
    device = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if "start" in request.POST:
            actions.start_totp_enrolment(user)
            return redirect(f"{request.path}?{urlencode({'next': _next_url(request)})}")
        if device is not None and form.is_valid():
            if actions.confirm_totp_device(request, device, form.cleaned_data["token"]):
                messages.success(request, _("The authenticator app is set up. From now on, logging in asks for its "
                                            "code."))
                return redirect(_next_url(request))
            form.add_error("token", _("The code is wrong or has expired. Check the phone's clock and try the "
                                      "newest code."))
    context = {"device": device, "form": form, "next": _next_url(request),
               "required": second_factor.required_for(user)}
    if device is not None:
        context.update(qr_svg=mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5)),
                       secret=base64.b32encode(device.bin_key).decode(), uri=device.config_url)
    return render(request, "accounts/otp_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if second_factor.confirmed_device(request.user) is None:
        return redirect("otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.verify_code(request, form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired, or came too soon after a wrong one: wait a "
                                  "few seconds and type the newest code shown in the app."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})
