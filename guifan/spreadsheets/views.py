"""Thin views over the template, import and export modules; every query goes through request.scope."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from guifan.members.filtersets import MemberFilterSet
from guifan.orgs.filtersets import OrganisationFilterSet

from . import errors_workbook, exporters, hub, import_templates, importers, readers
from .columns import KINDS
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "spreadsheets_error_files"
ERRORS_SHOWN = 300
FILTERSETS = {"organisations": (OrganisationFilterSet, "organisations"), "members": (MemberFilterSet, "members")}


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        raise Http404
    return kind


def _names():
    return {"organisations": _("Party organisations"), "members": _("Party members")}


def _xlsx(handle, filename: str) -> FileResponse:
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
@require_GET
def index(request):
    sections = [
        {"kind": kind, "name": name, "form": ImportForm(), "filterset": FILTERSETS[kind][0](queryset=None)}
        for kind, name in _names().items()
    ]
    return render(request, "spreadsheets/index.html", {"sections": sections, "section": "excel",
                                                       "can_edit": request.scope.can_edit,
                                                       "more_sections": hub.sections(request)})


@login_required
@require_GET
def template(request, kind):
    kind = _kind_or_404(kind)
    content = import_templates.build_template(kind, request.scope)
    filename = _("%(list)s import template %(date)s.xlsx") % {"list": _names()[kind], "date": timezone.localdate()}
    return _xlsx(io.BytesIO(content), filename)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, kind):
    kind = _kind_or_404(kind)
    if not request.scope.can_edit:
        raise PermissionDenied
    context = {"kind": kind, "name": _names()[kind], "section": "excel"}
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = importers.import_workbook(form.cleaned_data["file"], kind, scope=request.scope,
                                               user=request.user)
        except readers.UploadError as exc:
            form.add_error("file", str(exc))
        else:
            context["result"] = result
            if not result.ok:
                token = errors_workbook.store_error_workbook(result)
                request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
                context.update(error_token=token, errors_shown=result.errors[:ERRORS_SHOWN],
                               errors_hidden=max(0, len(result.errors) - ERRORS_SHOWN))
    context["form"] = form
    status = 400 if form.errors or ("result" in context and not context["result"].ok) else 200
    return render(request, "spreadsheets/import.html", context, status=status)


@login_required
@require_GET
def error_workbook(request, token):
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404
    path = errors_workbook.stored_error_workbook(token)
    if path is None:
        raise Http404
    return _xlsx(path.open("rb"), _("import errors %(date)s.xlsx") % {"date": timezone.localdate()})


@login_required
@require_GET
def export(request, kind):
    kind = _kind_or_404(kind)
    filterset_class, scoped = FILTERSETS[kind]
    queryset = getattr(request.scope, scoped)()
    filterset = filterset_class(request.GET or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "spreadsheets/export_invalid.html", {"filterset": filterset, "section": "excel"},
                      status=400)
    filename = _("%(list)s %(date)s.xlsx") % {"list": _names()[kind], "date": timezone.localdate()}
    return _xlsx(exporters.export_file(kind, filterset.qs), filename)
