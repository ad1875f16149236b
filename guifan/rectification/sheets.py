"""The Excel export of the weak and lax list (the one writer, guifan.core.spreadsheets.writer)."""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _

from guifan.core.spreadsheets.writer import write_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [_("Organisation code"), _("Organisation"), _("Region"), _("Year"), _("Source"), _("State"),
            _("Stars when listed"), _("Reason"), _("Responsible leader"), _("First secretary"), _("Tasks"),
            _("Tasks closed"), _("Tasks overdue"), _("Stars at sign-off"), _("Village bully problem")]


def rows(listings):
    for x in listings.iterator(chunk_size=2000):
        yield [x.organisation.code, x.organisation.name, x.organisation.region.name, x.year,
               str(x.get_source_display()), str(x.get_state_display()), x.stars, x.reason, x.responsible_leader,
               x.first_secretary, x.task_count, x.closed_count, x.overdue_count, x.signed_off_stars,
               _("yes") if x.village_bully else ""]


def export_response(listings, year: int) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_list(handle, _("Weak and lax list"), headers(), {0, 1, 2, 7, 8, 9}, rows(listings))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"rectification-{year}.xlsx", content_type=XLSX)
