"""Pages of the weak and lax list (M03): a region's counts and list, a listing's page (its tasks, evidence, progress,
confirmation and sign-off), naming an organisation by hand, proposing from the official run, the Excel export.

Every row comes through request.scope: a listing, task or file outside it is a 404. Writes go through
rectification.actions; their refusals are shown as messages and nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.assessment.models import AssessmentRun
from guifan.assessment.selectors import pack_of
from guifan.core import evidence, security_log
from guifan.core.requests import organisation_by_code, region_param, require_edit, show_refusal, year_param
from guifan.regions.models import Region
from guifan.standards.selectors import reporting_year

from . import actions, jobs, selectors
from .forms import ConfirmForm, EvidenceForm, NameForm, ProgressForm, TaskForm, VillageBullyForm
from .models import Listing, Task, TaskFile
from .sheets import export_response

PAGE_SIZE = 50


def _year(request) -> int:
    return year_param(request, reporting_year)


def _listing(request, pk) -> Listing:
    listing = (Listing.objects.filter(organisation__in=request.scope.organisations(), pk=pk)
               .select_related("organisation", "organisation__region", "run__pack_version").first())
    if listing is None:
        raise Http404
    return listing


def _task(request, pk) -> Task:
    task = (Task.objects.filter(listing__organisation__in=request.scope.organisations(), pk=pk)
            .select_related("listing__organisation").first())
    if task is None:
        raise Http404
    return task


@login_required
def index(request):
    scope, year, today = request.scope, _year(request), timezone.localdate()
    region = region_param(request)
    qs = selectors.listings(scope, year)
    totals = rows = None
    if region is not None:
        qs = selectors.in_region(qs, region)
        totals, rows = selectors.region_counts(scope, region, year, today)
        names = dict(Region.objects.filter(pk__in=[r["region"] for r in rows]).values_list("pk", "name"))
        codes = dict(Region.objects.filter(pk__in=[r["region"] for r in rows]).values_list("pk", "code"))
        rows = [{**r, "name": names.get(r["region"], ""), "code": codes.get(r["region"], "")} for r in rows]
    state = request.GET.get("state", "")
    if state in Listing.State.values:
        qs = qs.filter(state=state)
    page = Paginator(selectors.with_progress(qs, today).order_by("state", "organisation__path"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rectification/index.html", {
        "year": year, "region": region, "totals": totals, "rows": rows, "page": page, "state": state,
        "states": Listing.State.choices, "name_form": NameForm(),
        "run": AssessmentRun.objects.official().filter(year=year).first(), "section": "rectification",
    })


@login_required
def export(request):
    scope, year = request.scope, _year(request)
    region = region_param(request)
    qs = selectors.listings(scope, year)
    if region is not None:
        qs = selectors.in_region(qs, region)
    response = export_response(selectors.with_progress(qs, timezone.localdate()).order_by("organisation__path"), year)
    security_log.record(security_log.Event.EXPORT, request=request,
                        detail={"sheet": "rectification", "rows": qs.count(), "filters": sorted(request.GET.keys())})
    return response


@login_required
@require_POST
def propose(request):
    require_edit(request)
    year = _year(request)
    run = AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()
    if run is None:
        messages.error(request, _("There is no official assessment of %(year)s yet.") % {"year": year})
    else:
        try:
            actions.check_may_propose(run)  # refused at once, not in the job
            if jobs.in_background(request.scope):
                return redirect("jobs:detail", jobs.start(request.user, year).pk)
            count = actions.propose_from_run(run, user=request.user,
                                             organisations=request.scope.organisations())
            messages.success(request, _("%(count)s organisations proposed.") % {"count": count})
        except ValidationError as error:
            show_refusal(request, error)
    return redirect(f"{reverse('rectification:index')}?year={year}")


@login_required
@require_POST
def name(request):
    require_edit(request)
    year = _year(request)
    form = NameForm(request.POST)
    if form.is_valid():
        org = organisation_by_code(request, form.cleaned_data["code"])
        if org is not None:
            try:
                listing = actions.name_by_hand(org, year, reason=form.cleaned_data["reason"], user=request.user)
                messages.success(request, _("The organisation has been listed."))
                return redirect("rectification:detail", pk=listing.pk)
            except ValidationError as error:
                show_refusal(request, error)
    else:
        messages.error(request, _("Give the organisation's code and the reason."))
    return redirect(f"{reverse('rectification:index')}?year={year}")


def _tasks(listing: Listing, lang: str):
    pack = pack_of(listing.run.pack_version) if listing.run_id else None
    titles = {c.id: c.title for c in pack.criteria} if pack else {}
    tasks = list(listing.tasks.prefetch_related("files"))
    for task in tasks:
        title = titles.get(task.criterion)
        task.label = (title.get(lang[:2]) or title["zh"]) if title else task.title
    return tasks


@login_required
def detail(request, pk):
    listing = _listing(request, pk)
    lang, today = get_language() or "zh-hans", timezone.localdate()
    rules = None
    try:
        rules = actions.rules_of_year(listing.year)
    except ValidationError:
        pass
    situations = []
    if rules:
        for code in listing.situations:
            s = rules.situation(code)
            situations.append((s.label.get(lang[:2]) or s.label["zh"]) if s else code)
    run, result = actions.reassessment(listing)
    return render(request, "rectification/detail.html", {
        "listing": listing, "org": listing.organisation, "tasks": _tasks(listing, lang), "today": today,
        "situations": situations, "rules": rules, "reassessment": run, "result": result,
        "reports": listing.reports.select_related("reported_by")[:50],
        "confirm_form": ConfirmForm(), "progress_form": ProgressForm(), "task_form": TaskForm(),
        "evidence_form": EvidenceForm(),
        "bully_form": VillageBullyForm(initial={"found": listing.village_bully,
                                                "action": listing.village_bully_action}),
        "section": "rectification",
    })


def _post(request, pk, form_class, act, done: str):
    listing = _listing(request, pk)
    require_edit(request)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(listing, form.cleaned_data)
            messages.success(request, done)
        except ValidationError as error:
            show_refusal(request, error)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("rectification:detail", pk=listing.pk)


@login_required
@require_POST
def confirm(request, pk):
    return _post(request, pk, ConfirmForm, lambda listing, data: actions.confirm(
        listing, scope=request.scope, user=request.user, **data), _("The listing has been confirmed."))


@login_required
@require_POST
def progress(request, pk):
    return _post(request, pk, ProgressForm, lambda listing, data: actions.report_progress(
        listing, text=data["text"], user=request.user), _("The progress report has been saved."))


@login_required
@require_POST
def add_task(request, pk):
    return _post(request, pk, TaskForm, lambda listing, data: actions.add_task(
        listing, user=request.user, **data), _("The task has been added."))


@login_required
@require_POST
def village_bully(request, pk):
    return _post(request, pk, VillageBullyForm, lambda listing, data: actions.record_village_bully(
        listing, found=data["found"], action=data["action"], user=request.user), _("Saved."))


@login_required
@require_POST
def sign_off(request, pk):
    listing = _listing(request, pk)
    require_edit(request)
    try:
        actions.sign_off(listing, scope=request.scope, user=request.user)
        messages.success(request, _("The rectification has been signed off."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("rectification:detail", pk=listing.pk)


@login_required
@require_POST
def task_upload(request, pk):
    task = _task(request, pk)
    require_edit(request)
    try:
        actions.add_task_file(task, request.FILES.get("file"), user=request.user)
        messages.success(request, _("The file has been kept as evidence."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("rectification:detail", pk=task.listing_id)


@login_required
@require_POST
def task_close(request, pk):
    task = _task(request, pk)
    require_edit(request)
    try:
        actions.close_task(task, user=request.user)
        messages.success(request, _("The task has been closed."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("rectification:detail", pk=task.listing_id)


@login_required
def file_view(request, pk):
    """An evidence file, only to users whose scope holds its organisation; never from a public media URL."""
    return evidence.file_response(
        TaskFile.objects.filter(task__listing__organisation__in=request.scope.organisations(), pk=pk).first())
