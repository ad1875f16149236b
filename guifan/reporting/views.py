"""Report pages: the form per organisation and period, its history, approval, completeness, reminders, notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guifan.core.redirects import safe_next
from guifan.facts import actions, periods
from guifan.facts.actions import FactError
from guifan.facts.models import FactReport
from guifan.regions.models import Region
from guifan.reporting import actions as approval
from guifan.reporting import notices, selectors
from guifan.reporting.completeness import CountedPages, expected_organisations, missing_queryset, stored_completeness
from guifan.reporting.completeness import completeness as completeness_of
from guifan.reporting.forms import EVIDENCE_PREFIX, ReportForm, ReturnForm, unit_of
from guifan.reporting.formspec import build
from guifan.reporting.models import ReportEvent

STRIPS_ON_INDEX = 10  # more organisations than this: each report page has its own row of periods


@login_required
def index(request):
    scope = request.scope
    period = selectors.default_period()
    if request.GET.get("period"):
        period = selectors.period_or_404(request.GET["period"])
    if period is None:
        return render(request, "reporting/index.html", {"period": None, "section": "reports"})
    root = scope.root_region
    if root is not None and not scope.organisation:
        return redirect("reporting:completeness", period.code, root.code)
    orgs = selectors.my_reports(scope, period)
    pack = _pack_or_none(period)
    if pack is not None and len(pack.frequencies) > 1:
        shown = orgs[:STRIPS_ON_INDEX]  # a secretary's few organisations: their quarters and months at hand
        strips = periods.strips(shown, period, pack)
        for org in shown:
            org.strip = strips[org.pk]
    context = {"period": period, "orgs": orgs, "section": "reports"}
    return render(request, "reporting/index.html", context)


@login_required
def org_report(request, org_pk):
    """From an organisation's page to its report of the latest period."""
    org = selectors.reporting_organisation(request.scope, org_pk)
    period = selectors.default_period()
    if period is None:
        messages.warning(request, _("No reporting period has been opened yet."))
        return redirect("orgs:detail", org.pk)
    return redirect("reporting:report", org.pk, period.code)


def _filled(value) -> bool:
    return value is not None and value != ""


def _sections(spec, form, report):
    """The form's groups with their bound fields, unit and how many of their figures are filled, for the template."""
    def row(item):
        evidence = form[EVIDENCE_PREFIX + item.code] if item.evidence else None
        return {"field": form[item.code], "evidence": evidence, "code": item.code, "criteria": item.criteria,
                "unit": unit_of(item.fact), "filled": _filled(report.values.get(item.code))}

    sections = []
    for g in spec.groups:
        rows = [row(i) for i in g.items]
        checklists = [{"title": c.title, "quote": c.quote, "rows": [row(i) for i in c.items]} for c in g.checklists]
        every = rows + [r for c in checklists for r in c["rows"]]
        sections.append({"key": g.key, "title": g.title, "rows": rows, "checklists": checklists,
                         "filled": sum(r["filled"] for r in every), "total": len(every),
                         "derived": [{"label": d.label, "unit": d.fact.unit, "value": report.derived.get(d.code)}
                                     for d in g.derived]})
    return sections


def _save(request, report, form, pack, submit: bool, confirmed: bool):
    """Saves the form's values and evidence (and submits, when asked and nothing blocks): one action, one
    transaction. Returns the `Saved` result, or None when the store refused the values (errors added to the form)."""
    try:
        saved = approval.save_report(report, form.values(), form.evidence(), request.user, pack=pack,
                                     submit_it=submit, evidence_problems=form.evidence_problems(),
                                     fields=set(form.fields), ask_first=not confirmed)
    except FactError as exc:
        form.add_error(None, str(exc))
        return None
    for name, message in saved.problems:
        form.add_error(name, message)
    return saved


def _return_reason(report):
    """The latest return or reopening's event while the report is not approved again (its reason stays in view
    through draft saves and resubmission)."""
    if report.pk is None or report.state == FactReport.State.APPROVED:
        return None
    Action = ReportEvent.Action
    last = (report.events.filter(action__in=[Action.RETURN, Action.REOPEN, Action.APPROVE])
            .order_by("-time", "-pk").first())
    return last if last is not None and last.action != Action.APPROVE else None


FORM_TITLES = {
    "yearly": gettext_lazy("Yearly report of %(org)s for %(period)s"),
    "quarterly": gettext_lazy("Quarterly report of %(org)s for %(period)s"),
    "monthly": gettext_lazy("Monthly report of %(org)s for %(period)s"),
}


def _confirmation(spec, saved) -> dict:
    """What the reporter confirms before submitting: the figures left empty and the warnings."""
    missing = [{"id": f"id_{code}", "label": spec.items[code].label} for code in saved.missing if code in spec.items]
    warned = [{"id": f"id_{name}" if name else "", "message": message} for name, message in saved.warned]
    return {"missing": missing, "warned": warned}


@login_required
def report_form(request, org_pk, period):
    scope = request.scope
    org = selectors.reporting_organisation(scope, org_pk)
    period = selectors.report_period_or_404(period)
    report = selectors.report_of(org, period)
    try:
        pack = actions.pack_for(period)
    except FactError as exc:
        messages.error(request, str(exc))
        return redirect("orgs:detail", org.pk)
    spec = build(pack, org.domain, org.host_unit.kind if org.host_unit_id else None, period.kind,
                     periods.not_asked(org, period.year, pack))
    can_edit = bool(scope.organisation or scope.is_all) and report.state != FactReport.State.APPROVED
    confirm, saved_now, saved_note = None, False, ""
    if request.method == "POST":
        if not (scope.organisation or scope.is_all):
            raise PermissionDenied
        form = ReportForm(spec, report, request.POST)
        confirmed = request.POST.get("confirm") == "1"  # the 仍然报送 button of the confirm step
        submit = "submit" in request.POST or confirmed
        if form.is_valid():
            saved = _save(request, report, form, pack, submit=submit, confirmed=confirmed)
            if saved is not None and not saved.problems and not saved.needs_confirmation:
                if saved.submitted:
                    messages.success(request, _("Saved. The report has been submitted for approval."))
                else:
                    messages.success(request, _("Saved."))
                    for message in saved.warnings:
                        messages.warning(request, message)
                return redirect("reporting:report", org.pk, period.code)
            saved_now = saved is not None
            if saved_now and saved.needs_confirmation:
                confirm = _confirmation(spec, saved)
            elif saved_now:
                saved_note = (_("Saved as a draft, not submitted: correct the problems marked below.") if submit
                              else _("Saved as a draft. Correct the problems marked below before submitting."))
        report = selectors.report_of(org, period)
    else:
        form = ReportForm(spec, report, disabled=not can_edit)
        if report.pk and (scope.organisation or scope.is_all):
            notices.mark_returned_read(request.user, org, period)
    error_links = form.error_links() if form.is_bound else []
    context = {
        "org": org, "period": period, "report": report, "form": form, "pack": pack, "can_edit": can_edit,
        "review": _review(scope, pack, report), "confirm": confirm, "saved_now": saved_now, "saved_note": saved_note,
        "error_links": error_links, "error_count": len(error_links) + len(form.non_field_errors()),
        "return_event": _return_reason(report),
        "sections": _sections(spec, form, report), "events": selectors.events(report)[:20],
        "can_approve": report.pk and approval.can_approve(scope, report),
        "can_return": report.pk and approval.can_return(scope, report), "return_form": ReturnForm(),
        "breadcrumbs": selectors.report_crumbs(scope, org, period), "section": "reports",
        "strip": periods.strip(org, period, pack), "period_title": periods.title(period),
        "form_title": FORM_TITLES.get(period.kind, FORM_TITLES["yearly"]) % {"org": org.name,
                                                                             "period": periods.title(period)},
        "grid_url": _grid_url(org, period, pack),
    }
    return render(request, "reporting/report_form.html", context)


def _grid_url(org, period, pack) -> str:
    """The page of the year's quarterly and monthly figures, when the organisation reports any."""
    if any(p.kind != "yearly" for p in periods.reporting_periods(org, period.year, pack)):
        return reverse("reporting:periods", args=[org.pk, period.year])
    return ""


def _review(scope, pack, report) -> list | None:
    """The report's quality issues for a user of its approval chain (township, county or city over it) once it is
    submitted or approved; None for anyone else (the reporter sees them when saving)."""
    if report.pk is None or report.state not in (FactReport.State.SUBMITTED, FactReport.State.APPROVED):
        return None
    if not (scope.is_all or (scope.region and not scope.organisation
                             and scope.region.level in approval.chain(report.organisation))):
        return None
    return selectors.quality_review(pack, report, selectors.previous_values(report))


@login_required
def report_history(request, org_pk, period):
    org = selectors.reporting_organisation(request.scope, org_pk)
    period = selectors.period_or_404(period)
    report = selectors.report_of(org, period)
    code = request.GET.get("code") or None
    context = {"org": org, "period": period, "report": report, "code": code,
               "changes": selectors.history(report, code)[:500], "events": selectors.events(report),
               "breadcrumbs": selectors.report_crumbs(request.scope, org, period, _("History")),
               "section": "reports"}
    return render(request, "reporting/report_history.html", context)


def _report_for_action(request, org_pk, period):
    org = selectors.reporting_organisation(request.scope, org_pk)
    period = selectors.period_or_404(period)
    report = FactReport.objects.filter(organisation=org, period=period).select_related(
        "organisation__region", "period").first()
    if report is None:
        raise Http404
    return report


@login_required
@require_POST
def report_approve(request, org_pk, period):
    report = _report_for_action(request, org_pk, period)
    try:
        approval.approve(report, request.user, request.scope)
        messages.success(request, _("Approved: %(org)s, %(period)s.") % {"org": report.organisation,
                                                                         "period": report.period})
    except FactError as exc:
        messages.error(request, str(exc))
    return redirect(safe_next(request) or reverse("reporting:report", args=[org_pk, report.period.code]))


@login_required
@require_POST
def report_return(request, org_pk, period):
    report = _report_for_action(request, org_pk, period)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise FactError(_("Say why the report is returned."))
        approval.return_report(report, request.user, request.scope, form.cleaned_data["reason"])
        messages.success(request, _("Returned to the reporter with your reason."))
    except FactError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:report", org_pk, report.period.code)


def _visible_region(request, code) -> Region:
    region = request.scope.regions().filter(code=code).first()
    if region is None:
        raise Http404
    return region


# Organisations per page in each list of the completeness page (its own level, and those not reported yet).
COMPLETENESS_PAGE = 50


@login_required
def completeness(request, period, region_code):
    scope = request.scope
    period = selectors.report_period_or_404(period)
    region = _visible_region(request, region_code)
    pack = _pack_or_none(period)
    result = stored_completeness(period, region, scope, pack=pack, limit=0)
    if result is None:  # a period never counted yet: from the register (correct, slower)
        result = completeness_of(period, region, scope, pack=pack)
        missing = result.missing
    else:
        missing = CountedPages(missing_queryset(period, region, scope, pack), result.missing_count)
    children = {r.code: r for r in scope.regions(region.children.all()).order_by("code")}
    rows = [{"region": children[code], "counts": counts,
             "can_approve": approval.acting_level(scope, _parent_level(children[code]), children[code].path),
             "ready": counts.expected and counts.approved == counts.expected}
            for code, counts in sorted(result.children.items()) if code in children]
    here = expected_organisations(period, scope=scope, pack=pack).filter(region=region)
    own_page = Paginator(here.select_related("region").order_by("path"), COMPLETENESS_PAGE).get_page(
        request.GET.get("page"))
    own = list(own_page.object_list)
    reports = {r.organisation_id: r for r in FactReport.objects.filter(period=period, organisation__in=own)}
    for org in own:
        org.report = reports.get(org.pk)
        if org.report is not None:
            org.report.organisation = org  # already loaded with its region: no query per row
        org.can_approve = org.report is not None and approval.can_approve(scope, org.report)
    outliers = selectors.outlier_counts(pack, period, own) if pack else {}
    for org in own:
        org.outliers = outliers.get(org.pk, 0)
    missing_page = Paginator(missing, COMPLETENESS_PAGE).get_page(request.GET.get("missing"))
    context = {"period": period, "region": region, "result": result, "rows": rows, "own": own, "own_page": own_page,
               "missing": missing_page.object_list, "missing_page": missing_page,
               "can_remind": scope.region is not None or scope.is_all,
               "breadcrumbs": selectors.region_crumbs(scope, region, period), "section": "reports",
               "strip": periods.region_strip(region, period, pack) if pack else [],
               "period_title": periods.title(period)}
    return render(request, "reporting/completeness.html", context)


def _pack_or_none(period):
    """The pack of the period's year, or None when none is loaded (nothing to check against)."""
    try:
        return actions.pack_for(period)
    except FactError:
        return None


def _parent_level(region: Region) -> str:
    return {Region.Level.TOWNSHIP: Region.Level.COUNTY, Region.Level.COUNTY: Region.Level.CITY}.get(region.level, "")


@login_required
@require_POST
def region_approve(request, period, region_code):
    period = selectors.period_or_404(period)
    region = _visible_region(request, region_code)
    try:
        n = approval.approve_region(region, period, request.user, request.scope)
        messages.success(request, _("%(region)s approved (%(n)s reports).") % {"region": region.name, "n": n})
    except FactError as exc:
        messages.error(request, str(exc))
    parent = region.parent if region.parent_id and request.scope.covers_region(region.parent) else region
    return redirect("reporting:completeness", period.code, parent.code)


@login_required
@require_POST
def remind(request, period, region_code):
    scope = request.scope
    if not (scope.region or scope.is_all):
        raise PermissionDenied
    period = selectors.period_or_404(period)
    region = _visible_region(request, region_code)
    pack = _pack_or_none(period)
    missing = completeness_of(period, region, scope, pack=pack).missing
    chosen = set(request.POST.getlist("org"))
    if chosen:
        missing = [o for o in missing if str(o.pk) in chosen]
    n = notices.remind(missing, period, request.user)
    messages.success(request, _("%(n)s reminder(s) sent to %(orgs)s organisation(s).") % {"n": n, "orgs": len(missing)})
    return redirect("reporting:completeness", period.code, region.code)


@login_required
def notice_list(request):
    if request.method == "POST":
        notices.mark_read(request.user, request.POST.get("notice") or None)
        return redirect("reporting:notices")
    context = {"notices": request.user.notices.select_related("organisation", "period", "sender")[:100],
               "section": "reports"}
    return render(request, "reporting/notices.html", context)
