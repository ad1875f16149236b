"""The dues pages (GUAR-N-01): a member's own dues, a branch's month with the members to tick as paid (375 px), the
arrears of the user's scope, the declared income revealed once with a reason (audited). Views call actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guifan.core import audit

from . import actions, selectors
from .forms import DeclareForm, ReturnForm, SpecialForm

PAGE_SIZE = 50
MASK = "****"


def _int(request, name, default, low, high):
    raw = request.GET.get(name, "") or request.POST.get(name, "")
    return int(raw) if raw.isdigit() and low <= int(raw) <= high else default


def _year(request):
    return _int(request, "year", selectors.default_year(), 1990, 2100)


@login_required
def index(request):
    scope = request.scope
    if scope.member is not None:
        return redirect("dues:mine")
    year = _year(request)
    branches = scope.organisations().filter(selectors.keeping_query(year)).order_by("name", "pk")
    page = Paginator(branches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dues/index.html", {"section": "dues", "year": year, "page_obj": page})


@login_required
def mine(request):
    member = request.scope.member
    if member is None:
        raise Http404
    year = _year(request)
    data = selectors.member_year(member, year)
    a = data["assessment"]
    label = selectors.category_label(selectors.rules(year), a.category, get_language() or "zh-hans") if a else ""
    return render(request, "dues/mine.html", {"section": "dues", "year": year, "member": member,
                                              "category_label": label, **data})


def _branch_or_404(request, pk):
    organisation = request.scope.organisations().filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


@login_required
def branch(request, pk):
    organisation = _branch_or_404(request, pk)
    year = _year(request)
    month = _int(request, "month", 1, 1, 12)
    dues_rules = selectors.rules(year)
    if request.method == "POST":
        if not request.scope.can_edit:
            raise PermissionDenied
        if dues_rules is None:
            messages.error(request, _("No standard with dues rules is in effect for this year."))
        else:
            try:
                n = actions.record_month(organisation, year, month, request.POST.getlist("member"), dues_rules,
                                         request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("%(n)s payments recorded.") % {"n": n})
                return redirect(f"{request.path}?year={year}&month={month}")
    language = get_language() or "zh-hans"
    rows = selectors.branch_month(organisation, year, month)
    for r in rows:
        r["category_label"] = selectors.category_label(dues_rules, r["assessment"].category, language)
        r["flagged"] = dues_rules is not None and r["run"] >= dues_rules.arrears_months
    context = {"section": "dues", "organisation": organisation, "year": year, "month": month, "rows": rows,
               "months": range(1, 13), "may_record": request.scope.can_edit and any(not r["paid"] for r in rows),
               "mask": MASK, "account": selectors.year_account(organisation, year),
               "special_form": SpecialForm(members=[r["member"] for r in rows]),
               "return_form": ReturnForm(initial={"returned_on": timezone.localdate()})}
    return render(request, "dues/branch.html", context)


def _back(organisation, year: int, month: int):
    return redirect(f"{reverse('dues:branch', args=[organisation.pk])}?year={year}&month={month}")


@login_required
@require_POST
def special(request, pk):
    """A member's voluntary special payment (特殊党费): 1,000 yuan or more at once, as the pack says."""
    organisation = _branch_or_404(request, pk)
    if not request.scope.can_edit:
        raise PermissionDenied
    year, month = _year(request), _int(request, "month", 1, 1, 12)
    dues_rules = selectors.rules(year)
    members = list(request.scope.members().filter(organisation=organisation))
    form = SpecialForm(request.POST, members=members)
    if dues_rules is None or not form.is_valid():
        messages.error(request, _("Choose the member and give the amount in yuan."))
        return _back(organisation, year, month)
    member = next(m for m in members if m.pk == form.cleaned_data["member"])
    try:
        actions.record_special(member, year, month, form.cleaned_data["amount"], dues_rules, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The special payment of %(name)s is recorded; it goes up to the centre in full.")
                         % {"name": member.name})
    return _back(organisation, year, month)


@login_required
@require_POST
def record_return(request, pk):
    """The dues returned to the organisation for the year (GUAR-N-01: a two-new organisation gets its own back in
    full); recording it again replaces the amount."""
    organisation = _branch_or_404(request, pk)
    if not request.scope.can_edit:
        raise PermissionDenied
    year, month = _year(request), _int(request, "month", 1, 1, 12)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return _back(organisation, year, month)
    try:
        actions.record_return(organisation, year, form.cleaned_data["amount"], request.user,
                              returned_on=form.cleaned_data["returned_on"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The dues returned for %(year)s are recorded.") % {"year": year})
    return _back(organisation, year, month)


@never_cache
@login_required
@require_POST
def reveal_income(request, pk, member_pk):
    """The declared income of one member, shown once after recording who saw it and why."""
    organisation = _branch_or_404(request, pk)
    year = _year(request)
    member = request.scope.members().filter(pk=member_pk, organisation=organisation).first()
    if member is None:
        raise Http404
    assessment = member.dues_assessments.filter(year=year).first()
    reason = request.POST.get("reason", "").strip()
    if assessment is None or not reason:
        messages.error(request, _("Say why you need to see the declared income."))
        return redirect(f"/dues/branch/{organisation.pk}/?year={year}")
    audit.record_sensitive_view(request.user, member, "dues_income", reason=reason, request=request)
    income = actions.income_of(assessment)
    return render(request, "dues/income.html", {"section": "dues", "organisation": organisation, "member": member,
                                                "year": year, "income": income, "assessment": assessment})


@login_required
def arrears(request):
    scope = request.scope
    if scope.member is not None:
        raise Http404
    year = _year(request)
    month = _int(request, "month", 12, 1, 12)
    dues_rules = selectors.rules(year)
    flagged_only = bool(request.GET.get("flagged"))
    rows = selectors.arrears(scope.members(), year, month, dues_rules, flagged_only) if dues_rules else []
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dues/arrears.html", {"section": "dues", "year": year, "month": month,
                                                 "page_obj": page, "months": range(1, 13),
                                                 "flagged_only": flagged_only})


@login_required
def declare(request, pk, member_pk):
    """A member's category and declared income for the year, set by their organisation (the income never shown back:
    the form starts empty)."""
    organisation = _branch_or_404(request, pk)
    if not request.scope.can_edit:
        raise PermissionDenied
    member = request.scope.members().filter(pk=member_pk, organisation=organisation).first()
    if member is None:
        raise Http404
    year = _year(request)
    dues_rules = selectors.rules(year)
    if dues_rules is None:
        raise Http404
    language = get_language() or "zh-hans"
    choices = [(c, selectors.category_label(dues_rules, c, language)) for c in dues_rules.categories]
    form = DeclareForm(request.POST or None, categories=choices,
                       initial={"category": actions.default_category(dues_rules, organisation.domain,
                                                                     member.retired)})
    if request.method == "POST" and form.is_valid():
        income = form.cleaned_data["income"]
        try:
            actions.declare(member, year, form.cleaned_data["category"], str(income) if income is not None else None,
                            dues_rules, request.user)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("The dues of the year are set."))
            return redirect(f"/dues/branch/{organisation.pk}/?year={year}")
    return render(request, "dues/declare.html", {"section": "dues", "organisation": organisation, "member": member,
                                                 "year": year, "form": form})
