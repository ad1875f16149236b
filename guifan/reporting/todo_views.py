"""The home page (`/`, URL name `home`): each role's to-do list (待办), and its one-tap reminders.

The three administrators go on to their own work pages and a member to their own record, as before
(guifan.accounts.selectors.root_url); the old start page (a region's or an organisation's page) is `start`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.accounts.selectors import root_url
from guifan.reporting import notices, todo


def _member_only(scope) -> bool:
    return scope.member is not None and not (scope.is_all or scope.region or scope.organisation)


@login_required
def home(request):
    scope = request.scope
    if scope.officer or _member_only(scope):
        return redirect(root_url(scope))
    start = root_url(scope)
    if scope.organisation is not None:
        context = {"role": "secretary", **todo.secretary_todo(scope, request.user)}
    elif scope.region is not None or scope.is_all:
        context = {"role": "official", **todo.official_todo(scope, request.user)}
    else:
        return render(request, "accounts/no_role.html", status=403)
    context.update(start_url=start, section="todo")
    return render(request, "reporting/todo.html", context)


@login_required
@require_POST
def remind_late(request):
    """Reminds the late organisations of a division (`region`), or one organisation of it (`org`), for every period
    of the reporting year past due: one notice per reporter (notices.remind; none twice while unread)."""
    scope = request.scope
    if not (scope.region or scope.is_all):
        raise PermissionDenied
    region = scope.regions().filter(code=request.POST.get("region", "")).first()
    if region is None:
        raise Http404
    organisation = None
    if request.POST.get("org"):
        organisation = scope.organisations().filter(pk=request.POST["org"] if request.POST["org"].isdigit() else 0,
                                                    region=region).first()
        if organisation is None:
            raise Http404
    year = todo.reporting_year()
    late = todo.late_organisations(scope, region, year, organisation)
    with transaction.atomic():
        sent = sum(notices.remind(orgs, period, request.user) for period, orgs in late.items())
    reminded = len({org.pk for orgs in late.values() for org in orgs})
    if reminded:
        messages.success(request, _("%(n)s reminder(s) sent to %(orgs)s late organisation(s).")
                         % {"n": sent, "orgs": reminded})
    else:
        messages.info(request, _("No organisation is late: nothing to remind."))
    return redirect("home")
