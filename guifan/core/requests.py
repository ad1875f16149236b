"""What the pages of every app read off a request the same way: the year asked for, the region within the user's
scope, the organisation whose code was typed, whether the user may edit, and an action's refusal shown as messages."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 1990, 2100


def year_param(request, default: Callable[[], int | None] | int | None = None) -> int | None:
    """`?year=` (or the posted year) when it is a year, else `default` (called when it is a function)."""
    value = request.GET.get("year") or request.POST.get("year") or ""
    if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)
    return default() if callable(default) else default


def region_param(request):
    """The region of `?region=CODE` (or the posted one) within the user's scope (404 outside it), else the scope's
    own region."""
    scope, code = request.scope, request.GET.get("region") or request.POST.get("region")
    if not code:
        return scope.root_region
    region = scope.regions().filter(code=code).first()
    if region is None:
        raise Http404
    return region


def organisation_by_code(request, code: str):
    """The organisation of the user's area with this code (as typed into a form), else None, with the message that
    says so."""
    code = (code or "").strip()
    found = request.scope.organisations().filter(code=code).first() if code else None
    if found is None:
        messages.error(request, _("No organisation with this code in your area."))
    return found


def require_edit(request) -> None:
    if not request.scope.can_edit:
        raise PermissionDenied


def show_refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
