"""The import templates: a protected data sheet with drop-downs and cell formats, instructions, and the codes the
user may use (those in their scope)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from guifan.orgs.models import HostUnit, Organisation

from .columns import COLUMNS, DATE_FORMAT, FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, Column, sheet_title

LAST_VALIDATED_ROW = 100_000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FONT = Font(bold=True)


def _reference_lists(scope) -> dict[str, tuple[list[str], list[tuple]]]:
    """The code lists offered by drop-downs, each as (headers, rows), all within the user's scope."""
    orgs = scope.organisations().active().select_related("parent").order_by("code")
    kinds = dict(Organisation.Kind.choices)
    branches = [(o.code, o.name, str(kinds[o.kind])) for o in orgs.exclude(kind=Organisation.Kind.GROUP)]
    unit_kinds = dict(HostUnit.Kind.choices)
    return {
        "member_organisations": ([_("Organisation code"), _("Organisation name"), _("Organisation kind")], branches),
        "organisations": ([_("Organisation code"), _("Organisation name"), _("Organisation kind")], branches),
        "party_groups": (
            [_("Party group code"), _("Party group name"), _("Party organisation code")],
            [(o.code, o.name, o.parent.code if o.parent_id else "") for o in orgs.filter(kind=Organisation.Kind.GROUP)],
        ),
        "host_units": (
            [_("Host unit code"), _("Unit name"), _("Unit kind"), _("Region code")],
            [(u.code, u.name, str(unit_kinds[u.kind]), u.region.code)
             for u in scope.host_units().filter(closed_on__isnull=True).select_related("region").order_by("code")],
        ),
        "regions": ([_("Region code"), _("Region name")],
                    [(r.code, r.name) for r in scope.regions().current().order_by("code")]),
    }


def _notes(kind: str) -> list[str]:
    common = [
        _("Fill in the first sheet from row 3; do not change rows 1 and 2 (row 1 holds hidden column keys)."),
        _("Columns with red headers are required. Choose coded values from the drop-down lists."),
        _("Dates: a date cell or text such as 2024-07-01. ID numbers, phones and codes are text cells: "
          "keep them as text so that Excel keeps every digit."),
        _("The file is checked as a whole: if any row has an error nothing is written, and you receive the file back "
          "with the errors marked."),
        _("Codes you may use are listed on the codes sheet: only organisations and regions within your scope."),
    ]
    if kind == "members":
        common.append(_("A member belongs to a branch (or committee or general branch), never to a party group: "
                        "put the group in the party group column."))
    else:
        common.append(_("Parent organisations may be registered already or appear in any row of this file."))
    return [str(n) for n in common]


def _allowed_text(column: Column) -> str:
    if column.kind in ("choice", "ethnicity"):
        return "、".join(column.labels())
    if column.is_date:
        return str(_("Date, e.g. 2024-07-01"))
    if column.kind == "count":
        return str(_("Whole number"))
    if column.reference:
        return str(_("A code from the codes sheet"))
    return str(_("Text"))


def _write_data_sheet(ws, columns, refs: dict[str, str], options: dict[str, str], kind: str) -> None:
    ws.title = sheet_title(kind)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        key_cell = ws.cell(KEY_ROW, index, column.key)
        key_cell.protection = Protection(locked=True)
        header = ws.cell(HEADER_ROW, index, str(column.header))
        header.font = REQUIRED_FONT if column.required else HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.protection = Protection(locked=True)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        dimension.protection = Protection(locked=False)
        if column.is_text:
            dimension.number_format = "@"
        elif column.is_date:
            dimension.number_format = DATE_FORMAT
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}"
        formula = options.get(column.key) or refs.get(column.reference)
        if formula:
            strict = column.kind in ("choice", "ethnicity") or kind == "members"
            validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict,
                                        errorTitle=str(_("Not allowed")),
                                        error=str(_("Choose a value from the list.")))
        elif column.is_date:
            validation = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                        showErrorMessage=True, errorTitle=str(_("Not a date")),
                                        error=str(_("Enter a date such as 2024-07-01.")))
        else:
            continue
        validation.add(cells)
        ws.add_data_validation(validation)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.protection.sheet = True
    for permission in ("formatColumns", "formatRows", "formatCells", "insertRows", "deleteRows", "sort",
                       "autoFilter"):
        setattr(ws.protection, permission, False)


def _write_options_sheet(ws, columns) -> dict[str, str]:
    """A hidden sheet with one column per coded field; the drop-downs point at it (inline lists are capped)."""
    formulas = {}
    coded = [c for c in columns if c.kind in ("choice", "ethnicity")]
    for index, column in enumerate(coded, start=1):
        letter = get_column_letter(index)
        ws.cell(1, index, str(column.header)).font = HEADER_FONT
        labels = column.labels()
        for row, label in enumerate(labels, start=2):
            ws.cell(row, index, label)
        formulas[column.key] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(labels) + 1}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return formulas


def _write_codes_sheet(ws, columns, scope) -> dict[str, str]:
    lists = _reference_lists(scope)
    formulas, next_column = {}, 1
    for name in dict.fromkeys(c.reference for c in columns if c.reference):
        headers, rows = lists[name]
        for offset, header in enumerate(headers):
            ws.cell(1, next_column + offset, str(header)).font = HEADER_FONT
            ws.column_dimensions[get_column_letter(next_column + offset)].width = 30 if offset == 1 else 16
        for row_number, row in enumerate(rows, start=2):
            for offset, value in enumerate(row):
                ws.cell(row_number, next_column + offset, value).number_format = "@"
        if rows:
            letter = get_column_letter(next_column)
            formulas[name] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(rows) + 1}"
        next_column += len(headers) + 1
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    return formulas


def _write_instructions_sheet(ws, columns, kind: str) -> None:
    ws.append([str(_("How to fill in this template"))])
    ws["A1"].font = Font(bold=True, size=14)
    for note in _notes(kind):
        ws.append([note])
    ws.append([])
    ws.append([str(_("Column")), str(_("Required")), str(_("Allowed values or format")), str(_("Notes"))])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for column in columns:
        ws.append([str(column.header), str(_("Yes") if column.required else _("No")), _allowed_text(column),
                   str(column.help)])
    for letter, width in zip("ABCD", (24, 8, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True


def build_template(kind: str, scope) -> bytes:
    columns = COLUMNS[kind]
    wb = Workbook()
    data = wb.active
    instructions = wb.create_sheet(str(_("Instructions")))
    codes = wb.create_sheet(str(_("Codes")))
    options = wb.create_sheet(str(_("Options")))
    _write_instructions_sheet(instructions, columns, kind)
    refs = _write_codes_sheet(codes, columns, scope)
    _write_data_sheet(data, columns, refs, _write_options_sheet(options, columns), kind)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
