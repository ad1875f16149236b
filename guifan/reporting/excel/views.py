"""The facts ledger's Excel pages: the template of a region (or of an organisation user's own organisations) and
period, and its import (guifan.reporting.excel)."""

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from guifan.core.spreadsheets import readers
from guifan.core.spreadsheets.views import ERRORS_SHOWN, XLSX, remember_error_workbook
from guifan.facts.actions import FactError, pack_for
from guifan.reporting.excel import importer, template, template_job
from guifan.reporting.selectors import report_period_or_404

from .forms import FactsImportForm, FactsTemplateForm


def default_year() -> int:
    from guifan.standards.models import PackVersion

    latest = PackVersion.objects.order_by("-loaded_at", "-id").first()
    return latest.effective_from.year if latest else 2018


def facts_section(request) -> dict | None:
    """The figures section of the Excel page: for region and organisation users (the roles that report or edit)."""
    scope = request.scope
    if not scope.can_edit:
        return None
    root = scope.root_region
    initial = {"period": str(default_year()), "region": root.code if root else None}
    return {"template": "reporting/excel_section.html", "facts_form": FactsTemplateForm(scope=scope, initial=initial),
            "facts_import_form": FactsImportForm(), "facts_for_organisation": scope.organisation is not None}


def _target(scope, data) -> tuple:
    """(region, organisation) of the template asked for: an organisation user's own organisation, else the chosen
    region of the scope."""
    if scope.organisation is not None:
        return None, scope.organisation
    region = scope.regions().filter(code=data["region"]).first()
    if region is None:
        raise Http404
    return region, None


@login_required
@require_http_methods(["GET", "POST"])
def facts_template(request):
    """The template of a region and period; a large region's is offered as a background job (POST starts it)."""
    if not request.scope.can_edit:
        raise PermissionDenied
    form = FactsTemplateForm(request.POST if request.method == "POST" else request.GET, scope=request.scope)
    if not form.is_valid():
        raise Http404
    region, organisation = _target(request.scope, form.cleaned_data)
    period = report_period_or_404(form.cleaned_data["period"])
    try:
        pack = pack_for(period)
    except FactError:
        raise Http404 from None
    if region is not None:
        rows = template.reporting_organisations(period, pack, request.scope, region=region).count()
        if rows > settings.GUIFAN_TEMPLATE_INLINE_ORGANISATIONS:
            if request.method == "POST":
                return redirect("jobs:detail", template_job.start(request.user, period, region).pk)
            return render(request, "reporting/template_job.html", {
                "rows": rows, "region": region, "period": period, "query": request.GET, "section": "excel"})
    handle = tempfile.TemporaryFile()
    template.build_template(handle, pack=pack, period=period, scope=request.scope, region=region,
                            organisation=organisation)
    handle.seek(0)
    filename = template_job.file_name(period, organisation or region)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def facts_import(request):
    if not request.scope.can_edit:
        raise PermissionDenied
    context = {"section": "excel"}
    form = FactsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = importer.import_facts(form.cleaned_data["file"], scope=request.scope, user=request.user,
                                           period=form.cleaned_data["period"] or None)
        except readers.UploadError as exc:
            form.add_error("file", str(exc))
        else:
            context.update(result=result, warnings_shown=result.warnings[:ERRORS_SHOWN])
            if not result.ok:
                context.update(remember_error_workbook(request, result))
    context["form"] = form
    status = 400 if form.errors or ("result" in context and not context["result"].ok) else 200
    return render(request, "reporting/excel_import.html", context, status=status)
