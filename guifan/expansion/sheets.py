"""The expansion list in Excel (xlsx) or CSV, through the one writer (guifan.core.spreadsheets.writer). No personal
data: units, organisations, regions and counts only."""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _

from guifan.core.spreadsheets.writer import write_csv, write_list

from .models import ExpansionTask

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def headers() -> list[str]:
    return [_("Gap"), _("Unit or organisation"), _("Unit or organisation code"), _("Where"), _("Assigned to"),
            _("Staff of the unit"), _("Members"), _("Full members"), _("Found on"), _("Deadline"), _("State"),
            _("Closed on"), _("Note")]


def status_label(task, today) -> str:
    status = task.status(today)
    return _("Overdue") if status == ExpansionTask.OVERDUE else str(task.get_state_display())


def rows(tasks, today):
    for t in tasks.iterator(chunk_size=2000):
        subject = t.organisation or t.host_unit
        yield [str(t.get_gap_display()), subject.name if subject else "", subject.code if subject else "",
               subject.region.name if subject else "", t.region.name, t.headcount, t.members, t.full_members,
               t.found_on, t.deadline, status_label(t, today), t.closed_at.date() if t.closed_at else None, t.note]


def export_response(tasks, today, fmt: str = "xlsx") -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=f".{fmt}")
    if fmt == "csv":
        write_csv(handle, headers(), rows(tasks, today))
        content_type = CSV
    else:
        write_list(handle, _("Expansion list"), headers(), {0, 1, 2, 3, 4, 10, 12}, rows(tasks, today))
        content_type = XLSX
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"expansion-{today.isoformat()}.{fmt}",
                        content_type=content_type)
