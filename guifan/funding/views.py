"""The funding pages (M12): a region's funding per organisation and per payer, an organisation's funding explained
line by line, the budget workbook of a region, and a what-if on the formula's parameters (computed, never stored).
Pages read the stored official computation (guifan.funding.actions)."""

import io

import polars as pl
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from guifan.core.requests import year_param
from guifan.orgs.selectors import visible_organisation
from guifan.regions.selectors import visible_region

from . import engine, explain, selectors, workbook
from .calculation import calculate
from .forms import WhatIfForm


def _year(request) -> int | None:
    return year_param(request)


def _t(label: dict) -> str:
    return label.get(selectors.lang()) or label.get("zh") or ""


def _amounts(rules, fen_lines: dict, fen_payers: dict) -> tuple[list, list]:
    lines = [(_t(ln.label), engine.yuan(fen_lines.get(ln.code, 0)), ln.kind == "info") for ln in engine.lines(rules)]
    payers = [(_t(rules.payers[p]), engine.yuan(fen_payers.get(p, 0))) for p in rules.payers]
    return lines, payers


@login_required
def region_page(request, code):
    region = visible_region(request.scope, code)
    if region is None:
        raise Http404
    run = selectors.latest_run(_year(request))
    context = {"section": "tree", "region": region, "run": run}
    if run is not None:
        rules = selectors.rules_of(run)
        row = selectors.region_row(request.scope, region, run)
        labels = selectors.star_labels(run)
        context.update({
            "row": row, "children": selectors.child_rows(request.scope, region, run),
            "rows": [{"result": r, "stars": labels.get(r.inputs.get("stars"), "—"),
                      "from_rating": r.inputs.get("stars_source") == "rating"}
                     for r in selectors.organisation_rows(request.scope, region, run)],
            "payer_labels": [_t(rules.payers[p]) for p in rules.payers], "payer_codes": list(rules.payers),
        })
        if row is not None:
            context["lines"], context["payers"] = _amounts(rules, row.lines, row.payers)
    return render(request, "funding/region.html", context)


@login_required
def organisation_page(request, pk):
    organisation = visible_organisation(request.scope, pk)
    if organisation is None:
        raise Http404
    run = selectors.latest_run(_year(request))
    context = {"section": "tree", "organisation": organisation, "run": run}
    if run is not None:
        result = selectors.organisation_result(request.scope, organisation, run)
        context["result"] = result
        if result is not None:
            labels = selectors.star_labels(run)
            rules = selectors.rules_of(run)
            context["lines"] = explain.explain(rules, result.lines, result.inputs, labels, run.year,
                                               selectors.lang())
            context["stars_note"] = explain.stars_note(result.inputs, labels)
            context["payers"] = _amounts(rules, result.lines, result.payers)[1]
    return render(request, "funding/organisation.html", context)


@login_required
def region_export(request, code):
    region = visible_region(request.scope, code)
    if region is None:
        raise Http404
    run = selectors.latest_run(_year(request))
    if run is None:
        raise Http404
    rules = selectors.rules_of(run)
    orgs = [{"name": r.organisation.name, "township": r.organisation.region.name, "county": "",
             "stars": r.inputs.get("stars"), "stars_source": r.inputs.get("stars_source"), "lines": r.lines,
             "payers": r.payers, "total": int(r.total * 100)}
            for r in selectors.organisation_rows(request.scope, region, run, limit=None)]
    regions = [{"name": r.region.name, "level": r.region.get_level_display(), "organisations": r.organisations,
                "lines": r.lines, "payers": r.payers, "total": int(r.total * 100), "is_top": r.region_id == region.pk}
               for r in [selectors.region_row(request.scope, region, run), *selectors.child_rows(
                   request.scope, region, run)] if r is not None]
    buffer = io.BytesIO()
    workbook.write(buffer, rules, run.year, orgs, regions, selectors.lang())
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="funding-{region.code}-{run.year}.xlsx"'
    return response


def _region_totals(calc, region) -> tuple[int, dict, dict]:
    frame = calc.regions().filter(pl.col("region_id") == region.pk)
    if frame.is_empty():
        return 0, {}, {}
    row = frame.row(0, named=True)
    lines = {ln.code: row[f"line|{ln.code}"] for ln in engine.lines(calc.rules)}
    return row["total"], lines, {p: row[f"payer|{p}"] for p in calc.rules.payers}


@login_required
def whatif(request):
    scope = request.scope
    if not (scope.is_all or scope.region is not None):
        raise PermissionDenied
    region = scope.root_region
    run = selectors.latest_run(_year(request))
    context = {"section": "tree", "region": region, "run": run}
    if run is None or region is None:
        return render(request, "funding/whatif.html", context)
    rules = selectors.rules_of(run)
    form = WhatIfForm(request.GET if "stars_5" in request.GET else None,
                      initial=WhatIfForm.initial_from(rules, run.year))
    context["form"] = form
    if form.is_bound and form.is_valid():
        changes = form.changes(rules)
        try:
            base = calculate(form.cleaned_data["year"])
            changed = calculate(form.cleaned_data["year"], changes=changes)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            before, after = _region_totals(base, region), _region_totals(changed, region)
            context["compare"] = {
                "total": (engine.yuan(before[0]), engine.yuan(after[0]), engine.yuan(after[0] - before[0])),
                "lines": [(_t(ln.label), engine.yuan(before[1].get(ln.code, 0)), engine.yuan(after[1].get(ln.code, 0)))
                          for ln in engine.lines(changed.rules) if ln.kind != "info"],
                "payers": [(_t(changed.rules.payers[p]), engine.yuan(before[2].get(p, 0)),
                            engine.yuan(after[2].get(p, 0))) for p in changed.rules.payers],
                "changes": len(changes),
            }
    return render(request, "funding/whatif.html", context)
