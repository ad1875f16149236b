"""Pages of the model sites (M02): a region's counts, quotas and nominations, nominating, a nomination's page (its
check against the standard, review, selection), the published list, the Excel or CSV export.

Every row comes through request.scope: a nomination outside it is a 404. Writes go through modelsites.actions;
their refusals are shown as messages and nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core import security_log
from guifan.core.requests import organisation_by_code, region_param, require_edit, show_refusal, year_param
from guifan.core.vocabulary import level_name
from guifan.regions.models import Region
from guifan.standards.selectors import reporting_year

from . import actions, selectors
from .forms import NominateForm, ReviewForm, SelectForm
from .models import Nomination, Publication
from .sheets import export_response

PAGE_SIZE = 50
State = Nomination.State


def _year(request) -> int:
    return year_param(request, reporting_year)


def _rules(year: int):
    try:
        return actions.rules_of_year(year)
    except ValidationError:
        return None


def _nomination(request, pk) -> Nomination:
    found = (Nomination.objects.filter(organisation__in=request.scope.organisations(), pk=pk)
             .select_related("organisation", "organisation__region", "reviewed_by", "selected_by").first())
    if found is None:
        raise Http404
    return found


def _may(request, rules, step: str) -> bool:
    """Whether the user's level takes a step (a hint for showing a form; the action checks again)."""
    if rules is None or not request.scope.can_edit:
        return False
    if request.scope.is_all:
        return True
    role = request.scope.role
    return role is not None and role.kind in rules.levels(step)


def _labels(rules):
    kinds = {k.domain: actions.text(k.label) for k in rules.kinds} if rules else {}
    grades = {g.code: actions.text(g.label) for g in rules.grades} if rules else {}
    return kinds, grades


def _quotas(rules, year: int) -> list[dict]:
    """Per kind: its grades with the quota and the places taken (selected or published) city-wide."""
    if rules is None:
        return []
    taken = actions.chosen_counts(year)
    return [{"kind": actions.text(k.label), "min_stars": k.min_stars,
             "grades": [{"label": actions.text(g.label), "quota": k.quota(g.code),
                         "taken": taken.get((k.domain, g.code), 0)} for g in rules.grades]}
            for k in rules.kinds]


@login_required
def index(request):
    scope, year = request.scope, _year(request)
    region, rules = region_param(request), _rules(year)
    qs = selectors.nominations(scope, year)
    totals = rows = None
    if region is not None:
        qs = selectors.in_region(qs, region)
        totals, rows = selectors.region_counts(scope, region, year)
        regions = {r.pk: r for r in Region.objects.filter(pk__in=[r["region"] for r in rows])}
        rows = [{**r, "name": regions[r["region"]].name, "code": regions[r["region"]].code}
                for r in rows if r["region"] in regions]
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    kinds, grades = _labels(rules)
    page = Paginator(qs.order_by("state", "organisation__path"), PAGE_SIZE).get_page(request.GET.get("page"))
    for x in page:
        x.kind_label, x.grade_label = kinds.get(x.domain, ""), grades.get(x.grade, "")
    return render(request, "modelsites/index.html", {
        "year": year, "region": region, "totals": totals, "rows": rows, "page": page, "state": state,
        "states": State.choices, "rules": rules, "quotas": _quotas(rules, year),
        "standards": selectors.creation_standards(year) if rules else [],
        "publication": Publication.objects.filter(year=year).first(),
        "may_nominate": _may(request, rules, "nominate"), "may_publish": _may(request, rules, "publish"),
        "nominate_form": NominateForm(), "section": "modelsites",
        "quote": rules.quote if rules else "", "spec": rules.spec if rules else (),
    })


@login_required
def published(request):
    """The year's published list, by grade and kind (within the scope)."""
    scope, year = request.scope, _year(request)
    rules = _rules(year)
    kinds, grades = _labels(rules)
    sites = list(selectors.published(scope, year).order_by("organisation__path"))
    groups = []
    for g in (rules.grades if rules else ()):
        for k in rules.kinds:
            members = [x for x in sites if x.grade == g.code and x.domain == k.domain]
            if members:
                groups.append({"grade": grades[g.code], "kind": kinds[k.domain], "sites": members})
    return render(request, "modelsites/published.html", {
        "year": year, "groups": groups, "count": len(sites), "section": "modelsites",
        "publication": Publication.objects.filter(year=year).first(),
    })


@login_required
def export(request):
    scope, year = request.scope, _year(request)
    region = region_param(request)
    qs = selectors.nominations(scope, year)
    if region is not None:
        qs = selectors.in_region(qs, region)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    response = export_response(qs.order_by("organisation__path"), _rules(year), year, fmt)
    security_log.record(security_log.Event.EXPORT, request=request,
                        detail={"sheet": "modelsites", "rows": qs.count(), "filters": sorted(request.GET.keys())})
    return response


@login_required
@require_POST
def nominate(request):
    require_edit(request)
    year = _year(request)
    form = NominateForm(request.POST)
    if form.is_valid():
        org = organisation_by_code(request, form.cleaned_data["code"])
        if org is not None:
            try:
                found = actions.nominate(org, year, scope=request.scope, statement=form.cleaned_data["statement"],
                                         user=request.user)
                messages.success(request, _("The organisation has been nominated."))
                return redirect("modelsites:detail", pk=found.pk)
            except ValidationError as error:
                show_refusal(request, error)
    else:
        messages.error(request, _("Give the organisation's code."))
    return redirect(f"{reverse('modelsites:index')}?year={year}")


@login_required
@require_POST
def publish(request):
    require_edit(request)
    year = _year(request)
    try:
        publication = actions.publish(year, scope=request.scope, user=request.user)
        messages.success(request, _("%(count)s model sites published.") % {"count": publication.sites})
        return redirect(f"{reverse('modelsites:published')}?year={year}")
    except ValidationError as error:
        show_refusal(request, error)
    return redirect(f"{reverse('modelsites:index')}?year={year}")


@login_required
def detail(request, pk):
    """A nomination's (a model site's) page: its kind, grade and state, and how it stands against the standard."""
    nomination = _nomination(request, pk)
    rules = _rules(nomination.year)
    kinds, grades = _labels(rules)
    standing = None
    if rules is not None:
        standing = actions.standing(nomination.organisation, nomination.year, nomination.grade or None)
    kind = rules.kind(nomination.domain) if rules else None
    return render(request, "modelsites/detail.html", {
        "nomination": nomination, "org": nomination.organisation, "rules": rules, "standing": standing,
        "kind_label": kinds.get(nomination.domain, ""), "grade_label": grades.get(nomination.grade, ""),
        "level_label": level_name(nomination.nominated_level), "kind": kind,
        "published_year": Publication.objects.filter(year=nomination.year).exists(),
        "may_review": _may(request, rules, "review") and nomination.state == State.NOMINATED,
        "may_select": _may(request, rules, "select") and nomination.state in (State.APPROVED, State.SELECTED),
        "review_form": ReviewForm(), "select_form": SelectForm(grades=list(grades.items())),
        "section": "modelsites",
    })


def _act(request, pk, act, done: str):
    nomination = _nomination(request, pk)
    require_edit(request)
    try:
        act(nomination)
        messages.success(request, done)
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("modelsites:detail", pk=nomination.pk)


@login_required
@require_POST
def review(request, pk):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _nomination(request, pk)
        messages.error(request, _("Choose whether to recommend the nomination."))
        return redirect("modelsites:detail", pk=pk)
    data = form.cleaned_data
    return _act(request, pk, lambda x: actions.review(x, scope=request.scope, approve=data["decision"] == "approve",
                                                      reason=data["reason"], user=request.user),
                _("The review has been saved."))


@login_required
@require_POST
def select(request, pk):
    grade = request.POST.get("grade", "")
    return _act(request, pk, lambda x: actions.select(x, scope=request.scope, grade=grade, user=request.user),
                _("The model site has been selected."))


@login_required
@require_POST
def withdraw(request, pk):
    return _act(request, pk, lambda x: actions.withdraw_selection(x, scope=request.scope, user=request.user),
                _("The selection has been withdrawn."))
