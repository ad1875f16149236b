"""The organisation and member lists as .xlsx, written row by row to a temporary file (XlsxWriter's constant
memory mode), so that a quarter of a million members export in bounded memory. Personal data is exported masked."""

import datetime as dt
import tempfile

import xlsxwriter
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guifan.core import idcard
from guifan.members.models import Member
from guifan.orgs.models import HostUnit, Organisation

from .columns import DATE_FORMAT, MEMBER_COLUMNS, ORGANISATION_COLUMNS, sheet_title

CHUNK = 5000


def _header(columns, key: str) -> str:
    return str(next(c.header for c in columns if c.key == key))


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def member_rows(queryset):
    """(headers, text-column indexes, rows) of the member list: ID number and phone masked, never decrypted, and the
    birth year and month only (出生年月): the full birth date is the hidden middle of the masked ID number."""
    h = lambda key: _header(MEMBER_COLUMNS, key)  # noqa: E731
    headers = [h("name"), h("gender"), h("ethnicity"), pgettext("column", "Birth month"), h("id_number"), h("phone"),
               h("education"), h("joined_on"), h("category"), h("status"), h("organisation"),
               str(_("Party organisation name")), h("party_group"), str(_("Region"))]
    gender, education = _labels(Member.Gender.choices), _labels(Member.Education.choices)
    category, status = _labels(Member.Category.choices), _labels(Member.Status.choices)
    fields = ("name", "gender", "ethnicity", "birth_date", "id_number_masked", "phone_masked", "education",
              "joined_on", "category", "status", "organisation__code", "organisation__name", "party_group__code",
              "organisation__region__name")

    def rows():
        for r in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            yield (r[0], gender.get(r[1], r[1]), r[2], idcard.year_month(r[3]), r[4], r[5],
                   education.get(r[6], r[6]), r[7], category.get(r[8], r[8]), status.get(r[9], r[9]), r[10], r[11],
                   r[12] or "", r[13])

    return headers, {3, 4, 5, 10, 12}, rows()


def organisation_rows(queryset):
    h = lambda key: _header(ORGANISATION_COLUMNS, key)  # noqa: E731
    headers = [h("code"), h("name"), h("kind"), h("parent"), h("host_unit"), h("unit_name"), h("unit_kind"),
               h("unit_region"), str(_("Region")), h("unit_headcount"), h("setup"), h("founded_on"),
               h("term_start"), h("term_end"), str(_("Members"))]
    kind, unit_kind = _labels(Organisation.Kind.choices), _labels(HostUnit.Kind.choices)
    setup = _labels(Organisation.SetUp.choices)
    fields = ("code", "name", "kind", "parent__code", "host_unit__code", "host_unit__name", "host_unit__kind",
              "region__code", "region__name", "host_unit__headcount", "setup", "founded_on", "term_start", "term_end",
              "member_count")
    queryset = queryset.annotate(member_count=Count("members"))

    def rows():
        for r in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
            yield (r[0], r[1], kind.get(r[2], r[2]), r[3] or "", r[4], r[5], unit_kind.get(r[6], r[6]), r[7], r[8],
                   r[9], setup.get(r[10], r[10]), r[11], r[12], r[13], r[14])

    return headers, {0, 3, 4, 7}, rows()


def write_export(kind: str, queryset, target) -> int:
    """Writes the list to target (path or binary file); returns the number of rows."""
    headers, text_columns, rows = (member_rows if kind == "members" else organisation_rows)(queryset)
    wb = xlsxwriter.Workbook(target, {"constant_memory": True})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    date_format, text_format = wb.add_format({"num_format": DATE_FORMAT}), wb.add_format({"num_format": "@"})
    ws = wb.add_worksheet(sheet_title(kind))
    ws.write_row(0, 0, headers, bold)
    for index in range(len(headers)):
        ws.set_column(index, index, 22 if index in text_columns else 14,
                      text_format if index in text_columns else None)
    ws.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(count, col, value, date_format)
            elif isinstance(value, int):
                ws.write_number(count, col, value)
            else:
                ws.write_string(count, col, value)
    if count:
        ws.autofilter(0, 0, count, len(headers) - 1)
    wb.close()
    return count


def export_file(kind: str, queryset):
    """A temporary file (deleted when closed) holding the workbook, positioned at its start."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_export(kind, queryset, handle)
    handle.seek(0)
    return handle
