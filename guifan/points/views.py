"""The points pages (M08): a member's own points and how each was earned, a branch's yearly table (totals, ranks,
levels, the members recommended and those to talk with), the requests to approve. GET pages only read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.requests import year_param
from guifan.points.models import PointEntry

from . import actions, selectors
from .forms import RequestForm

PAGE_SIZE = 50


def _year(request) -> int:
    return year_param(request, selectors.default_year)


def _member_or_404(request, pk):
    member = selectors.visible_member(request.scope, pk)
    if member is None:
        raise Http404
    return member


def _entry_rows(entries, point_rules, language):
    rows = []
    for e in entries:
        label = (_("Base points of the year") if e.item == selectors.BASE_ITEM
                 else selectors.label_of(point_rules, e.item, language) or _("An item no longer in the standard"))
        rows.append({"entry": e, "label": label, "counted": e.state == PointEntry.State.APPROVED})
    return rows


@login_required
def index(request):
    scope = request.scope
    if scope.member is not None:
        return redirect("points:mine")
    year = _year(request)
    page = Paginator(selectors.branches(scope, year), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"section": "points", "year": year, "page_obj": page, "years": selectors.years_with_points(scope),
               "waiting": selectors.requests_to_decide(scope).count()}
    return render(request, "points/index.html", context)


def _member_page(request, member):
    year = _year(request)
    point_rules = selectors.rules(year)
    language = get_language() or "zh-hans"
    total = selectors.total(member, year)
    context = {
        "section": "points", "member": member, "year": year, "total": total,
        "rows": _entry_rows(selectors.ledger(member, year), point_rules, language),
        "records": selectors.earned_records(member, year, point_rules, language),
        "level_label": selectors.level_label(point_rules, total.level, language) if total else "",
        "category_label": selectors.category_label(point_rules, total.category, language) if total else "",
        "own": request.scope.member is not None and request.scope.member.pk == member.pk,
        "may_request": request.scope.can_edit,
        "years": selectors.years_with_points(request.scope),
    }
    return render(request, "points/member.html", context)


@login_required
def mine(request):
    if request.scope.member is None:
        raise Http404
    return _member_page(request, _member_or_404(request, request.scope.member.pk))


@login_required
def member_points(request, pk):
    return _member_page(request, _member_or_404(request, pk))


@login_required
def branch(request, pk):
    organisation = selectors.visible_branch(request.scope, pk)
    if organisation is None:
        raise Http404
    year = _year(request)
    point_rules = selectors.rules(year)
    language = get_language() or "zh-hans"
    rows = [{"total": t, "level_label": selectors.level_label(point_rules, t.level, language),
             "category_label": selectors.category_label(point_rules, t.category, language)}
            for t in selectors.branch_table(organisation, year)]
    context = {"section": "points", "organisation": organisation, "year": year, "rows": rows,
               "recommended": [r for r in rows if r["total"].recommended],
               "talk_with": [r for r in rows if r["total"].talk_with]}
    return render(request, "points/branch.html", context)


@login_required
def requests(request):
    scope = request.scope
    if scope.member is not None:
        raise Http404
    language = get_language() or "zh-hans"
    page = Paginator(selectors.requests_to_decide(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    cache = {}
    for e in page.object_list:
        if e.year not in cache:
            cache[e.year] = selectors.rules(e.year)
        e.label = selectors.label_of(cache[e.year], e.item, language)
        e.mine = e.requested_by_id == request.user.pk
    return render(request, "points/requests.html", {"section": "points", "page_obj": page})


@login_required
def request_new(request, pk):
    member = _member_or_404(request, pk)
    if not request.scope.can_edit:
        raise PermissionDenied
    year = _year(request)
    point_rules = selectors.rules(year)
    language = get_language() or "zh-hans"
    category = (point_rules.category_of(member.organisation.domain, member.status == member.Status.FLOWING,
                                        member.retired) if point_rules else None)
    items = [(i.code, i.label["en" if language.startswith("en") else "zh"])
             for i in (point_rules.items_for(category) if category else ()) if not i.automatic]
    form = RequestForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_points(member, form.cleaned_data["item"], form.cleaned_data["occurred_on"],
                                   form.cleaned_data["note"], request.user)
        except actions.PointsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The request is recorded; it counts once someone else approves it."))
            url = reverse("points:member", args=[member.pk])
            return redirect(f"{url}?year={form.cleaned_data['occurred_on'].year}")
    context = {"section": "points", "member": member, "form": form, "year": year, "no_items": not items}
    return render(request, "points/request_form.html", context)


@require_POST
@login_required
def decide(request, pk):
    entry = selectors.visible_request(request.scope, pk)
    if entry is None:
        raise Http404
    if not request.scope.can_edit:
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        actions.decide(entry, approve, request.user)
    except actions.PointsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Approved: the points count.") if approve else _("Refused."))
    return redirect("points:requests")
