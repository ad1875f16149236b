"""Pages of the expansion list (扩面, M01): a region's counts per subregion and its tasks (cards, usable on a phone),
a task's page (the gap, the register's figures, closing it, moving its deadline), finding the gaps, the export.

Every row comes through request.scope: a task outside it is a 404. Writes go through expansion.actions; their
refusals are shown as messages and nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core import security_log
from guifan.core.requests import region_param, show_refusal
from guifan.regions.models import Region

from . import actions, gaps, jobs, selectors
from .forms import CloseForm, DeadlineForm
from .models import ExpansionTask
from .sheets import export_response

PAGE_SIZE = 50


def _statuses():
    return [("open", _("Not yet closed")), (ExpansionTask.OVERDUE, _("Overdue")), ("fixed", _("Fixed"))]


def _task(request, pk) -> ExpansionTask:
    task = selectors.tasks(request.scope).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def _filtered(request, today):
    region = region_param(request)
    qs = selectors.tasks(request.scope)
    if region is not None:
        qs = selectors.in_region(qs, region)
    status, gap = request.GET.get("status", ""), request.GET.get("gap", "")
    if status in {s for s, _label in _statuses()}:
        qs = selectors.with_status(qs, status, today)
    if gap in ExpansionTask.Gap.values:
        qs = qs.filter(gap=gap)
    return region, qs, status, gap


def _rules():
    try:
        return actions.rules_of_year()
    except ValidationError:
        return None


@login_required
def index(request):
    today = timezone.localdate()
    region, qs, status, gap = _filtered(request, today)
    totals = rows = None
    if region is not None:
        totals, rows = selectors.region_counts(request.scope, region, today)
        names = dict(Region.objects.filter(pk__in=[r["region"] for r in rows]).values_list("pk", "name"))
        codes = dict(Region.objects.filter(pk__in=[r["region"] for r in rows]).values_list("pk", "code"))
        rows = [{**r, "name": names.get(r["region"], ""), "code": codes.get(r["region"], "")} for r in rows]
    page = Paginator(qs.order_by("state", "deadline", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:
        task.shown_status = task.status(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "expansion/index.html", {
        "region": region, "totals": totals, "rows": rows, "page": page, "status": status, "gap": gap,
        "statuses": _statuses(), "gaps": ExpansionTask.Gap.choices, "query": query.urlencode(),
        "may_find": request.scope.can_edit and (request.scope.is_all or request.scope.region is not None),
        "rules": _rules(), "lang": (get_language() or "zh-hans")[:2], "section": "expansion",
    })


@login_required
def export(request):
    today = timezone.localdate()
    _region_, qs, _status, _gap = _filtered(request, today)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    response = export_response(qs.order_by("region__path", "gap", "pk"), today, fmt)
    security_log.record(security_log.Event.EXPORT, request=request,
                        detail={"sheet": "expansion", "format": fmt, "rows": qs.count(),
                                "filters": sorted(request.GET.keys())})
    return response


@login_required
@require_POST
def find(request):
    if not request.scope.can_edit:
        raise PermissionDenied
    try:
        actions.check_may_find(request.scope)
        actions.rules_of_year()
        if jobs.in_background(request.scope):
            return redirect("jobs:detail", jobs.start(request.user).pk)
        counts = actions.find(request.scope, user=request.user)
        messages.success(request, _("%(found)s gaps found: %(created)s new tasks, %(reopened)s reopened, "
                                    "%(already_listed)s already on the list.") % counts)
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("expansion:index")


@login_required
def detail(request, pk):
    task, today = _task(request, pk), timezone.localdate()
    rules = _rules()
    now = actions.still_open_gaps(task, rules) if rules and task.state == ExpansionTask.State.OPEN else []
    gap = rules.expansion.gap(task.gap) if rules else None
    lang = (get_language() or "zh-hans")[:2]
    return render(request, "expansion/detail.html", {
        "task": task, "status": task.status(today), "today": today, "rules": rules,
        "gap_label": (gap.label.get(lang) or gap.label["zh"]) if gap else task.get_gap_display(),
        "gap_quote": gap.quote if gap else "", "gap_spec": ", ".join(gap.spec) if gap else "",
        "still_there": bool(now),
        "now_text": gaps.describe(now[0].gap, now[0].detail, rules, headcount=now[0].headcount,
                                  members=now[0].members, full_members=now[0].full_members) if now else "",
        "found_text": gaps.describe(task.gap, task.detail, rules, headcount=task.headcount, members=task.members,
                                    full_members=task.full_members),
        "close_form": CloseForm(), "deadline_form": DeadlineForm(initial={"deadline": task.deadline}),
        "section": "expansion",
    })


@login_required
@require_POST
def close(request, pk):
    task = _task(request, pk)
    if not request.scope.can_edit:
        raise PermissionDenied
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            actions.close(task, scope=request.scope, user=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The task has been closed: the register shows the gap fixed."))
        except ValidationError as error:
            show_refusal(request, error)
    else:
        messages.error(request, _("The note is too long."))
    return redirect("expansion:detail", pk=task.pk)


@login_required
@require_POST
def deadline(request, pk):
    task = _task(request, pk)
    if not request.scope.can_edit:
        raise PermissionDenied
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            actions.set_deadline(task, form.cleaned_data["deadline"], scope=request.scope, user=request.user)
            messages.success(request, _("The deadline has been changed."))
        except ValidationError as error:
            show_refusal(request, error)
    else:
        messages.error(request, _("Give the new deadline as a date."))
    return redirect("expansion:detail", pk=task.pk)
