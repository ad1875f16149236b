"""A sheet's export as a background job (kind `spreadsheet_export`): the list of the user's scope, filtered as
the export page was, written with progress to the job's file, and the export recorded in the security log with its
row count. The same queryset, filters and writer as an export answered at once (views.ExportView)."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import security_log
from guifan.core.jobs import runner

from . import registry, writer

KIND = "spreadsheet_export"


def filtered(sheet, scope, query: QueryDict):
    """The sheet's queryset within the scope, filtered by the query, or (None, the bound filterset) when the
    filters are invalid."""
    queryset = sheet.queryset(scope)
    if sheet.filterset is not None:
        filterset = sheet.filterset(query or None, queryset=queryset)
        if filterset.is_bound and not filterset.is_valid():
            return None, filterset
        queryset = filterset.qs
    return queryset, None


def count(queryset) -> int:
    return len(queryset) if isinstance(queryset, list | tuple) else queryset.count()


def file_name(sheet, fmt: str = "xlsx") -> str:
    return _("%(list)s %(date)s") % {"list": sheet.name, "date": timezone.localdate()} + f".{fmt}"


def start(request, sheet, query: QueryDict, rows: int, fmt: str = "xlsx"):
    title = _("%(list)s export (%(rows)s rows)") % {"list": sheet.name, "rows": rows}
    return runner.start(KIND, request.user, title=title,
                        params={"sheet": sheet.kind, "query": query.urlencode(), "format": fmt})


def run(context) -> int:
    sheet = registry.get(context.job.params["sheet"])
    if sheet is None or not sheet.can_export:
        raise LookupError("the sheet is no longer registered")
    query = QueryDict(context.job.params.get("query", ""))
    queryset, invalid = filtered(sheet, context.scope, query)
    if invalid is not None:
        raise ValueError("the filters are no longer valid")
    total = count(queryset)
    fmt = context.job.params.get("format", "xlsx")
    if fmt not in writer.EXPORT_FORMATS:
        raise ValueError("an export format that is not offered")
    context.progress(0, total, _("Writing the rows…"), force=True)
    path = context.output(file_name(sheet, fmt), f".{fmt}")
    rows = writer.write_export(sheet, queryset, path, progress=lambda done: context.progress(done, total), fmt=fmt)
    context.progress(rows, total, force=True)
    security_log.record(security_log.Event.EXPORT, user=context.job.user,
                        detail={"sheet": sheet.kind, "rows": rows, "filters": sorted(query.keys()),
                                "format": fmt, "job": str(context.job.pk)})
    return rows
