"""The model sites in Excel (xlsx) or CSV: one row per nomination, through the one writer
(guifan.core.spreadsheets.writer). No personal data: organisations, stars, states, grades."""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _

from guifan.core.spreadsheets.writer import write_csv, write_list

from .actions import text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def headers() -> list[str]:
    return [_("Organisation code"), _("Organisation"), _("Region"), _("Year"), _("Kind"), _("State"),
            _("Stars when nominated"), _("Nominated by level"), _("Review opinion"), _("Model-site grade"),
            _("Published at")]


def rows(nominations, rules):
    from guifan.core.vocabulary import level_name

    kinds = {k.domain: text(k.label) for k in rules.kinds} if rules else {}
    grades = {g.code: text(g.label) for g in rules.grades} if rules else {}
    for x in nominations.iterator(chunk_size=2000):
        yield [x.organisation.code, x.organisation.name, x.organisation.region.name, x.year,
               kinds.get(x.domain, x.domain), str(x.get_state_display()), x.stars,
               str(level_name(x.nominated_level)), x.review_reason, grades.get(x.grade, x.grade),
               x.published_at.date() if x.published_at else None]


def export_response(nominations, rules, year: int, fmt: str = "xlsx") -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=f".{fmt}")
    if fmt == "csv":
        write_csv(handle, headers(), rows(nominations, rules))
    else:
        write_list(handle, _("Model sites"), headers(), {0, 1, 2, 4, 5, 7, 8, 9}, rows(nominations, rules))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"model-sites-{year}.{fmt}",
                        content_type=CSV if fmt == "csv" else XLSX)
