"""The check-up report of an organisation, the assessment of a region, and what-if: thin views over selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.orgs.selectors import visible_organisation
from guifan.regions.selectors import visible_region

from . import jobs, selectors
from .forms import WhatIfForm
from .meeting_notes import meeting_notes
from .record_notes import record_notes
from .recruitment_notes import recruitment_notes
from .selectors import pack_of
from .status_notes import status_notes
from .whatif_page import whatif_context


def _lang() -> str:
    return "zh" if (get_language() or "zh").startswith("zh") else "en"


def _run(request):
    run = selectors.official_run(request.GET.get("run") if str(request.GET.get("run", "")).isdigit() else None)
    if request.GET.get("run") and run is None:
        raise Http404
    return run


def _crumbs(scope, region) -> list[dict]:
    chain = [r for r in region.ancestors() if scope.covers_region(r)] + [region]
    return [{"label": r.name, "url": reverse("assessment:region", args=[r.code])} for r in chain]


@login_required
def checkup(request, pk):
    scope = request.scope
    org = visible_organisation(scope, pk)
    if org is None:
        raise Http404
    run = _run(request)
    context = {"org": org, "run": run, "runs": selectors.official_runs()[:10], "section": "tree", "lang": _lang()}
    if run is not None:
        result = selectors.organisation_result(scope, org, run)
        context["result"] = result
        if result is not None:
            pack = pack_of(run.pack_version)
            row = selectors.facts_row(run, org)
            blocks = selectors.checkup_report(run, result, row, _lang())
            lines = [line for block in blocks for line in block.lines]
            notes = meeting_notes(pack, org, run.year, [line.criterion for line in lines])
            records = status_notes(pack, org, run.year, [line.criterion for line in lines])
            files = recruitment_notes(pack, org, run.year, [line.criterion for line in lines])
            register = record_notes(pack, org, run.year, [line.criterion for line in lines])
            for line in lines:
                line.meetings = notes.get(line.criterion.id, [])
                line.records = records.get(line.criterion.id, [])
                line.register = register.get(line.criterion.id, [])
                line.recruitment = files.get(line.criterion.id, [])
            context.update({
                "pack": pack, "blocks": blocks, "row_found": row is not None,
                "disagreements": [line for line in lines if line.agrees is False],
                "failed": sum(1 for line in lines if line.verdict == "fail"),
                "not_reported": sum(1 for line in lines if line.verdict == "not_reported"),
                "band": next((b for b in pack.star_bands if b["stars"] == result.stars), None),
            })
    if scope.is_all or scope.region is not None:
        context["breadcrumbs"] = [*_crumbs(scope, org.region), {"label": org.name, "url": ""}]
    return render(request, "assessment/checkup.html", context)


@login_required
def region_assessment(request, code):
    scope = request.scope
    region = visible_region(scope, code)
    if region is None:
        raise Http404
    run = _run(request)
    context = {"region": region, "run": run, "runs": selectors.official_runs()[:10], "section": "tree",
               "breadcrumbs": _crumbs(scope, region), "lang": _lang(),
               "run_years": jobs.years_offered() if jobs.may_run(scope) and region == scope.root_region else []}
    if run is not None:
        result = selectors.region_result(scope, region, run)
        context["result"] = result
        if result is not None:
            context.update({
                "pack": pack_of(run.pack_version), "rates": selectors.criterion_rates(run, result),
                "pillars": selectors.pillar_lines(run, result), "stars": selectors.star_bars(run, result.stars),
                "rollups": selectors.rollup_lines(run, result),
                "lagging": selectors.lagging_organisations(scope, region, run),
                "children": selectors.child_rows(scope, region, run),
            })
    return render(request, "assessment/region.html", context)


@login_required
@require_POST
def run_start(request):
    """The city starts the official assessment of a year as a background job and watches it on the job's page."""
    if not jobs.may_run(request.scope):
        raise PermissionDenied
    raw = request.POST.get("year", "")
    if not raw.isdigit() or int(raw) not in jobs.years_offered():
        messages.error(request, _("No standard pack is in effect in that year: it cannot be assessed."))
        return redirect("assessment:region", request.scope.root_region.code)
    return redirect("jobs:detail", jobs.start(request.user, int(raw)).pk)


@login_required
def whatif(request):
    scope = request.scope
    if not (scope.is_all or scope.region is not None):
        raise PermissionDenied
    form = WhatIfForm(request.GET or None, lang=_lang())
    context = {"form": form, "section": "tree", "lang": _lang(), "root": scope.root_region}
    if form.is_bound and form.is_valid():
        context.update(whatif_context(scope, form.cleaned_data))
    return render(request, "assessment/whatif.html", context)
