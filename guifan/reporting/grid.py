"""One page for a year's quarterly and monthly figures: a grid of facts (rows) by periods (columns), each cell
saved on its own (htmx) through the same action as the report form (`actions.save_report`), each period's report
submitted from its column. A year is then two pages, the yearly form and this grid, not seventeen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.languages import in_language
from guifan.facts import actions, periods
from guifan.facts.actions import FactError
from guifan.facts.models import FactReport, Period
from guifan.reporting import actions as approval
from guifan.reporting import selectors
from guifan.reporting.forms import FigureField, unit_of

S = FactReport.State
NUMERIC = ("integer", "number", "percent")
OPEN = (S.DRAFT, S.RETURNED)


def _setting(request, org_pk, year):
    org = selectors.reporting_organisation(request.scope, org_pk)
    yearly = selectors.period_or_404(str(year))
    try:
        pack = actions.pack_for(yearly)
    except FactError:
        raise Http404 from None
    wanted = [p.code for p in periods.reporting_periods(org, year, pack) if p.kind != Period.Kind.YEARLY]
    stored = {p.code: p for p in Period.objects.filter(code__in=wanted)}
    return org, yearly, pack, [stored[c] for c in wanted if c in stored]


def _facts(pack, org, kind, year) -> list:
    left_out = periods.not_asked(org, year, pack)
    return [f for f in pack.reported_facts(kind) if org.domain in f.domains and f.type in NUMERIC
            and f.code not in left_out]


def _can_edit(scope) -> bool:
    return bool(scope.organisation or scope.is_all)


def _cell(org, period, fact, report, can_edit, *, typed=None, error="", note="", saved=False) -> dict:
    value = report.values.get(fact.code) if report is not None else None
    return {"id": f"cell-{fact.code}-{period.code}", "code": fact.code, "period": period,
            "value": typed if typed is not None else ("" if value is None else value),
            "label": f"{in_language(fact.label)} · {periods.title(period)}", "unit": unit_of(fact),
            "locked": not can_edit or (report is not None and report.is_locked),
            "mode": "numeric" if fact.type == "integer" else "decimal",
            "error": error, "note": note, "saved": saved, "org": org}


def _column(org, period, report, facts) -> dict:
    missing = [f for f in facts if report is None or report.values.get(f.code) is None]
    return {"period": period, "report": report, "label": periods.label(period), "title": periods.title(period),
            "missing": len(missing), "can_submit": report is None or report.state in OPEN,
            "id": f"state-{period.code}"}


def _tables(org, pack, reporting, reports, can_edit) -> list[dict]:
    tables = []
    for kind in (Period.Kind.QUARTERLY, Period.Kind.MONTHLY):
        columns = [p for p in reporting if p.kind == kind]
        facts = _facts(pack, org, kind, columns[0].year) if columns else []
        if not facts:
            continue
        tables.append({
            "kind": kind, "title": (_("Quarterly figures") if kind == Period.Kind.QUARTERLY
                                    else _("Monthly figures")),
            "columns": [_column(org, p, reports.get(p.code), facts) for p in columns],
            "rows": [{"label": in_language(f.label), "unit": unit_of(f),
                      "cells": [_cell(org, p, f, reports.get(p.code), can_edit) for p in columns]} for f in facts]})
    return tables


def _page(request, org, yearly, pack, reporting, confirm=None):
    reports = {r.period.code: r for r in FactReport.objects.filter(organisation=org, period__in=reporting)
               .select_related("period")}
    can_edit = _can_edit(request.scope)
    tables = _tables(org, pack, reporting, reports, can_edit)
    ready = [c for t in tables for c in t["columns"]
             if c["report"] is not None and c["report"].state in OPEN and not c["missing"]]
    context = {"org": org, "year": yearly.year, "period": yearly, "tables": tables, "can_edit": can_edit,
               "ready": ready, "confirm": confirm, "section": "reports",
               "breadcrumbs": selectors.report_crumbs(request.scope, org, yearly, _("Quarterly and monthly figures")),
               "strip": periods.strip(org, yearly, pack)}
    return render(request, "reporting/period_grid.html", context)


@login_required
def period_grid(request, org_pk, year):
    org, yearly, pack, reporting = _setting(request, org_pk, year)
    return _page(request, org, yearly, pack, reporting)


def _period_of(reporting, code) -> Period:
    period = next((p for p in reporting if p.code == code), None)
    if period is None:
        raise Http404
    return period


@login_required
@require_POST
def grid_cell(request, org_pk, year, period, code):
    """Saves one cell: its value checked like the form's (a Chinese message beside the cell; nothing written or
    cleared on a bad input), through `save_report`, so that a cell is one transaction with its history."""
    if not _can_edit(request.scope):
        raise PermissionDenied
    org, _yearly, pack, reporting = _setting(request, org_pk, year)
    period = _period_of(reporting, period)
    fact = next((f for f in _facts(pack, org, period.kind, period.year) if f.code == code), None)
    if fact is None:
        raise Http404
    report = selectors.report_of(org, period)
    typed = request.POST.get("value", "")
    stored = report if report.pk else None
    try:
        value = FigureField(fact.type, required=False).clean(typed)
    except ValidationError as exc:
        cell = _cell(org, period, fact, stored, True, typed=typed, error=" ".join(exc.messages))
        return render(request, "reporting/_grid_cell.html", {"cell": cell})
    try:
        saved = approval.save_report(report, {code: value}, {}, request.user, pack=pack, fields={code})
    except FactError as exc:
        cell = _cell(org, period, fact, stored, True, typed=typed, error=str(exc))
        return render(request, "reporting/_grid_cell.html", {"cell": cell})
    note = "；".join([m for _f, m in saved.problems] + saved.warnings)
    report = saved.report
    cell = _cell(org, period, fact, report, True, note=note, saved=True)
    column = _column(org, period, report, _facts(pack, org, period.kind, period.year))
    return render(request, "reporting/_grid_cell.html", {"cell": cell, "column": column, "oob": True})


@login_required
@require_POST
def grid_submit(request, org_pk, year):
    """Submits one period's report (`period`), or every period whose figures are all filled (`all`). A period with
    empty figures or warnings is submitted only when confirmed (仍然报送), as on the report form."""
    if not _can_edit(request.scope):
        raise PermissionDenied
    org, yearly, pack, reporting = _setting(request, org_pk, year)
    confirmed = request.POST.get("confirm") == "1"
    if request.POST.get("period") == "all":
        chosen = [p for p in reporting if (r := selectors.report_of(org, p)).pk and r.state in OPEN
                  and all(r.values.get(f.code) is not None for f in _facts(pack, org, p.kind, p.year))]
    else:
        chosen = [_period_of(reporting, request.POST.get("period", ""))]
    done, confirm = [], None
    for period in chosen:
        report = selectors.report_of(org, period)
        facts = _facts(pack, org, period.kind, period.year)
        try:
            saved = approval.save_report(report, {f.code: report.values.get(f.code) for f in facts}, {},
                                         request.user, pack=pack, submit_it=True, ask_first=not confirmed,
                                         fields={f.code for f in facts})
        except FactError as exc:
            messages.error(request, f"{periods.title(period)}：{exc}")
            continue
        if saved.submitted:
            done.append(periods.title(period))
        elif saved.problems:
            messages.error(request, _("%(period)s is not submitted: %(problems)s")
                           % {"period": periods.title(period), "problems": "；".join(m for _f, m in saved.problems)})
        elif saved.needs_confirmation and confirm is None:
            names = {f.code: in_language(f.label) for f in facts}
            confirm = {"period": period, "title": periods.title(period),
                       "missing": [names[c] for c in saved.missing if c in names], "warned": saved.warnings}
    if done:
        messages.success(request, _("Submitted for approval: %(periods)s.") % {"periods": "、".join(done)})
    elif not chosen:
        messages.warning(request, _("No period is ready to submit: fill in every figure of a period first."))
    if confirm is not None:
        return _page(request, org, yearly, pack, reporting, confirm=confirm)
    return redirect("reporting:periods", org.pk, year)
