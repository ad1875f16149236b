"""The facts template of a region (or of an organisation user's own organisations) and period: one row per
organisation that reports and existed during the period, one column per fact the pack has reported at the period's
frequency (yearly, quarterly or monthly), current values filled in, drop-downs for yes/no and coded values, cells of
facts outside a row's domain greyed and locked, protected headers, instructions, and the hidden metadata the import
checks.

Written by XlsxWriter in constant-memory mode: a city's 12,000 organisations × 150 facts stay fast and small.
"""

from __future__ import annotations

import datetime as dt

import xlsxwriter
from django.utils.translation import gettext as _

from guifan.facts.models import FactReport, Period
from guifan.facts.periods import frequency_name
from guifan.reporting.completeness import expected_organisations

from . import layout

GREY = "#D9D9D9"
LAST_ROW = 1_048_575
YES, NO = "是", "否"


def reporting_organisations(period: Period, pack, scope, *, region=None, organisation=None):
    """Organisations of the scope expected to report for `period` (not party groups; existed during the period; of a
    domain with facts of its frequency): below `region`, or `organisation` and those below it (an organisation
    user's template)."""
    qs = expected_organisations(period, region, scope, pack)
    return qs.filter(path__startswith=organisation.path) if organisation is not None else qs


def organisations_of(period: Period, pack, scope, *, region=None, organisation=None) -> list[dict]:
    """The rows of the template, by code."""
    qs = reporting_organisations(period, pack, scope, region=region, organisation=organisation).order_by("code")
    return list(qs.values("pk", "code", "name", "domain"))


def current_values(period: Period, organisations: list[dict]) -> dict[int, dict]:
    ids = [o["pk"] for o in organisations]
    found = {}
    for start in range(0, len(ids), 500):
        found.update(FactReport.objects.filter(period=period, organisation_id__in=ids[start:start + 500])
                     .values_list("organisation_id", "values"))
    return found


def _cell_value(fact, value):
    if value is None:
        return None
    if fact.type == "boolean":
        return YES if value else NO
    if fact.type == "date":
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    return value


def _validation(fact) -> dict | None:
    if fact.type == "boolean":
        return {"validate": "list", "source": [YES, NO]}
    if fact.type == "enum":
        return {"validate": "list", "source": list(fact.values)} if len(",".join(fact.values)) < 250 else None
    if fact.type == "date":
        return {"validate": "date", "criteria": ">", "value": dt.date(1900, 1, 2)}
    kind = "integer" if fact.type == "integer" else "decimal"
    if fact.type == "percent":
        return {"validate": kind, "criteria": "between", "minimum": 0, "maximum": 100}
    return {"validate": kind, "criteria": ">=", "value": 0}


class _Formats:
    def __init__(self, wb):
        self.header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "vcenter",
                                     "align": "center", "locked": True})
        self.key = wb.add_format({"locked": True})
        self.code = wb.add_format({"num_format": "@", "locked": True, "bg_color": "#F2F2F2"})
        self.outside = wb.add_format({"locked": True, "bg_color": GREY, "pattern": 1})
        self.open = {
            "text": wb.add_format({"num_format": "@", "locked": False}),
            "date": wb.add_format({"num_format": "yyyy-mm-dd", "locked": False}),
            "number": wb.add_format({"locked": False}),
        }

    def for_fact(self, fact):
        return self.open["date" if fact.type == "date" else "text" if fact.type in ("boolean", "enum") else "number"]


def _write_data_sheet(wb, ws, formats, facts, organisations, values) -> None:
    keys = [layout.ORG_KEY, layout.NAME_KEY, *(f.code for f in facts)]
    ws.write_row(layout.KEY_ROW - 1, 0, keys, formats.key)
    ws.set_row(layout.KEY_ROW - 1, None, None, {"hidden": True})
    headers = [str(_("Organisation code")), str(_("Organisation name")), *(layout.fact_header(f) for f in facts)]
    ws.set_row(layout.HEADER_ROW - 1, 45)
    ws.write_row(layout.HEADER_ROW - 1, 0, headers, formats.header)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 30)
    first = layout.FIRST_DATA_ROW - 1
    for index, fact in enumerate(facts, start=2):
        ws.set_column(index, index, 14, formats.for_fact(fact))
        rule = _validation(fact)
        if rule:
            ws.data_validation(first, index, LAST_ROW, index, {
                **rule, "error_title": str(_("Not allowed")),
                "error_message": str(_("Enter a value of the fact's type; see the instructions sheet."))})
    for offset, org in enumerate(organisations):
        row = first + offset
        ws.write_string(row, 0, org["code"], formats.code)
        ws.write_string(row, 1, org["name"], formats.code)
        reported = values.get(org["pk"], {})
        for index, fact in enumerate(facts, start=2):
            if org["domain"] not in fact.domains:
                ws.write_blank(row, index, None, formats.outside)
                continue
            value = _cell_value(fact, reported.get(fact.code))
            if value is None:  # written blank: WPS and LibreOffice do not all apply the column's unlocked format
                ws.write_blank(row, index, None, formats.for_fact(fact))
            elif isinstance(value, str):
                ws.write_string(row, index, value, formats.for_fact(fact))
            elif isinstance(value, dt.date):
                ws.write_datetime(row, index, value, formats.for_fact(fact))
            else:
                ws.write_number(row, index, value, formats.for_fact(fact))
    ws.freeze_panes(layout.FIRST_DATA_ROW - 1, 2)
    ws.protect("", {"format_columns": True, "format_rows": True, "sort": True, "autofilter": True})


def _period_notes(where: str, period, pack) -> list[str]:
    notes = [_("Figures of %(period)s (%(frequency)s report) for the organisations of %(region)s, standard pack "
               "%(pack)s version %(version)s.")
             % {"period": period.label, "frequency": frequency_name(period.kind), "region": where, "pack": pack.id,
                "version": pack.version}]
    others = [frequency_name(kind) for kind in pack.frequencies if kind != period.kind]
    if others:
        notes.append(_("This template holds only the facts of the %(frequency)s report; the pack's other facts are "
                       "in the templates of other periods (%(others)s): choose the period when downloading.")
                     % {"frequency": frequency_name(period.kind), "others": " / ".join(others)})
    return notes


def _notes(where: str, period, pack) -> list[str]:
    return [
        *_period_notes(where, period, pack),
        _("Fill in the first sheet from row 3, one row per organisation; do not change rows 1 and 2 or the "
          "organisation codes. Grey cells are facts the organisation does not report (another domain): leave them "
          "empty."),
        _("Yes/no facts: choose 是 or 否 from the drop-down list. Numbers: digits only, no units; percentages as "
          "percentage points (85 for 85%). Dates: a date cell such as 2018-07-01. Type values: formulas are refused."),
        _("An empty cell leaves the stored value as it is; the figures already reported are filled in."),
        _("The file is checked as a whole, including the pack's validation rules: if any cell has an error nothing "
          "is written, and you get the file back with every error marked. Importing the same file again changes "
          "nothing."),
        _("Reports already approved cannot be changed here: ask the approver to return them first."),
        _("This workbook only fits this region, period and pack version; download a new template when the pack "
          "changes."),
    ]


def _allowed(fact) -> str:
    if fact.type == "boolean":
        return f"{YES} / {NO}"
    if fact.type == "enum":
        return " / ".join(fact.values)
    if fact.type == "date":
        return str(_("Date, e.g. 2018-07-01"))
    if fact.type == "percent":
        return str(_("Percentage points from 0 to 100"))
    if fact.type == "integer":
        return str(_("Whole number of 0 or more"))
    return str(_("Number of 0 or more"))


def _write_instructions(wb, ws, facts, where: str, period, pack) -> None:
    bold = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    ws.write_string(0, 0, str(_("How to fill in this template")), bold)
    row = 1
    for note in _notes(where, period, pack):
        ws.write_string(row, 0, str(note), wrap)
        row += 1
    row += 1
    ws.write_row(row, 0, [str(_("Fact")), str(_("Code")), str(_("Allowed values")), str(_("Domains"))], header)
    for fact in facts:
        row += 1
        ws.write_row(row, 0, [layout.fact_header(fact), fact.code, _allowed(fact), " ".join(fact.domains)], wrap)
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 30)
    ws.set_column(3, 3, 12)
    ws.protect()


def _write_meta(ws, meta: dict) -> None:
    for row, key in enumerate(layout.META_KEYS):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, str(meta[key]))
    ws.protect()
    ws.very_hidden()


def write_template(target, *, pack, period: Period, region, organisations: list[dict], values: dict,
                   organisation=None) -> None:
    """Writes the workbook to a path or binary file object: the facts of the period's frequency, one row each of
    `organisations`; `organisation`: the organisation user's own one the workbook is made for, else None."""
    facts = pack.reported_facts(period.kind)
    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False})
    formats = _Formats(wb)
    data = wb.add_worksheet(str(_("Figures")))
    instructions = wb.add_worksheet(str(_("Instructions")))
    meta = wb.add_worksheet(layout.META_SHEET)
    _write_data_sheet(wb, data, formats, facts, organisations, values)
    _write_instructions(wb, instructions, facts, (organisation or region).name, period, pack)
    _write_meta(meta, {"format": layout.FORMAT, "region": region.code, "region_name": region.name,
                       "organisation": organisation.code if organisation else "", "period": period.code,
                       "pack": pack.id, "version": pack.version, "checksum": pack.checksum})
    wb.close()


def build_template(target, *, pack, period: Period, scope, region=None, organisation=None) -> int:
    """The template for `period` of `region`, or of `organisation` and those below it, within `scope`, with the
    values reported so far; returns the rows."""
    organisations = organisations_of(period, pack, scope, region=region, organisation=organisation)
    write_template(target, pack=pack, period=period, region=region or organisation.region,
                   organisations=organisations, values=current_values(period, organisations),
                   organisation=organisation)
    return len(organisations)
