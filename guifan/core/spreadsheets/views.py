"""The Excel page and the generic sheet views: template download, import (with its error list and error workbook)
and filtered export. A view serves its `sheet` class attribute (as NetBox's BulkImportView is configured by its
model form) or, left None, the registered sheet named by the URL's kind. Every query goes through request.scope."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from guifan.core import security_log

from . import errors_workbook, export_job, hub, readers, registry, writer
from .forms import ImportForm
from .importing import import_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "spreadsheets_error_files"
ERRORS_SHOWN = 300


CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


def _xlsx(handle, filename: str) -> FileResponse:
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
@require_GET
def index(request):
    sections = [
        {"kind": sheet.kind, "name": sheet.name, "form": ImportForm(), "can_export": sheet.can_export,
         "filterset": sheet.filterset(queryset=None) if sheet.filterset else None}
        for sheet in registry.sheets()
    ]
    return render(request, "spreadsheets/index.html", {"sections": sections, "section": "excel",
                                                       "can_edit": request.scope.can_edit,
                                                       "more_sections": hub.sections(request)})


@login_required
@require_GET
def error_workbook(request, token):
    """The error workbook of an import, for the session that imported it only."""
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404
    path = errors_workbook.stored_error_workbook(token)
    if path is None:
        raise Http404
    return _xlsx(path.open("rb"), _("import errors %(date)s.xlsx") % {"date": timezone.localdate()})


def remember_error_workbook(request, result) -> dict:
    """Stores the error workbook of a refused import for this session; the context of the error list."""
    token = errors_workbook.store_error_workbook(result)
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
    masked = any(getattr(c, "sensitive", False) for c in result.sheet.columns) if result.sheet is not None else False
    return {"error_token": token, "errors_shown": result.errors[:ERRORS_SHOWN],
            "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN), "error_workbook_masked": masked}


class SheetView(LoginRequiredMixin, View):
    sheet: registry.Sheet | None = None
    http_method_names = ["get"]

    def get_sheet(self) -> registry.Sheet:
        sheet = self.sheet or registry.get(self.kwargs.get("kind", ""))
        if sheet is None:
            raise Http404
        return sheet


class TemplateDownloadView(SheetView):
    def get(self, request, **kwargs):
        sheet = self.get_sheet()
        content = writer.build_template(sheet, request.scope)
        filename = _("%(list)s import template %(date)s.xlsx") % {"list": sheet.name, "date": timezone.localdate()}
        return _xlsx(io.BytesIO(content), filename)


class BulkImportView(SheetView):
    """GET: the upload form; POST: the import. Refused (nothing written) it answers 400 with the errors."""

    http_method_names = ["get", "post"]
    template_name = "spreadsheets/import.html"

    def get(self, request, **kwargs):
        return self.page(request)

    def post(self, request, **kwargs):
        return self.page(request)

    def page(self, request):
        sheet = self.get_sheet()
        if not request.scope.can_edit:
            raise PermissionDenied
        context = {"kind": sheet.kind, "name": sheet.name, "section": "excel"}
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = import_workbook(form.cleaned_data["file"], sheet, scope=request.scope, user=request.user)
            except readers.UploadError as exc:
                form.add_error("file", str(exc))
            else:
                context["result"] = result
                if not result.ok:
                    context.update(remember_error_workbook(request, result))
        context["form"] = form
        status = 400 if form.errors or ("result" in context and not context["result"].ok) else 200
        return render(request, self.template_name, context, status=status)


class ExportView(SheetView):
    """The sheet's list within the user's scope, filtered by the sheet's filterset on the query string. A list of
    up to GUIFAN_EXPORT_INLINE_ROWS rows is answered at once; a longer one is offered as a background job (POST
    starts it and leads to the job's page, where the file is downloaded when ready)."""

    http_method_names = ["get", "post"]

    def _sheet_and_format(self, query):
        """The sheet, the format asked (`format`: xlsx or csv; taken out of the query) and the filters left."""
        sheet = self.get_sheet()
        if not sheet.can_export:
            raise Http404
        query = query.copy()
        query.pop("csrfmiddlewaretoken", None)
        query.pop("page", None)
        fmt = query.pop("format", ["xlsx"])[-1]
        if fmt not in writer.EXPORT_FORMATS:
            raise Http404
        return sheet, fmt, query

    def get(self, request, **kwargs):
        sheet, fmt, query = self._sheet_and_format(request.GET)
        queryset, invalid = export_job.filtered(sheet, request.scope, query)
        if invalid is not None:
            return render(request, "spreadsheets/export_invalid.html", {"filterset": invalid, "section": "excel"},
                          status=400)
        rows = export_job.count(queryset)
        if rows > settings.GUIFAN_EXPORT_INLINE_ROWS:
            return render(request, "spreadsheets/export_job.html", {"name": sheet.name, "rows": rows, "format": fmt,
                                                                   "query": query, "section": "excel"})
        handle = writer.export_file(sheet, queryset, fmt)
        security_log.record(security_log.Event.EXPORT, request=request,
                            detail={"sheet": sheet.kind, "rows": rows, "filters": sorted(query.keys()),
                                    "format": fmt})
        return FileResponse(handle, as_attachment=True, filename=export_job.file_name(sheet, fmt),
                            content_type=CONTENT_TYPES[fmt])

    def post(self, request, **kwargs):
        sheet, fmt, query = self._sheet_and_format(request.POST)
        queryset, invalid = export_job.filtered(sheet, request.scope, query)
        if invalid is not None:
            return render(request, "spreadsheets/export_invalid.html", {"filterset": invalid, "section": "excel"},
                          status=400)
        job = export_job.start(request, sheet, query, export_job.count(queryset), fmt)
        return redirect("jobs:detail", job.pk)
