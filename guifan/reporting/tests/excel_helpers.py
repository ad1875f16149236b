"""A township with villages, a community and an agency, and filling facts templates as a user would (openpyxl)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.facts.models import FactChange, FactReport, Period
from guifan.orgs.models import HostUnit, Organisation
from guifan.reporting.excel import layout, template
from guifan.reporting.excel.importer import import_facts
from guifan.standards.selectors import ensure_shipped_pack_loaded

TOWNSHIP = "450321100"


@pytest.fixture(name="township")
def township_fixture(two_counties, users, settings, tmp_path):
    """Yangshuo's township: the fixture's village plus two more villages, a community and an agency."""
    settings.DATA_DIR = tmp_path
    pack = ensure_shipped_pack_loaded().pack()
    orgs = {"village1": two_counties["yangshuo"]["committee"], "branch1": two_counties["yangshuo"]["branch"]}
    for key in ("village2", "village3"):
        unit = t.host_unit(TOWNSHIP, HostUnit.Kind.ADMIN_VILLAGE, name=f"{key}村")
        orgs[key] = t.organisation(unit, Organisation.Kind.BRANCH, name=f"{key}村党支部")
    orgs["community"] = t.organisation(t.host_unit(TOWNSHIP, HostUnit.Kind.COMMUNITY), Organisation.Kind.BRANCH)
    orgs["agency"] = t.organisation(t.host_unit(TOWNSHIP, HostUnit.Kind.AGENCY), Organisation.Kind.BRANCH)
    return {"pack": pack, "period": Period.yearly(2018), "region": t.region(TOWNSHIP), "orgs": orgs,
            "user": users["township"]}


def make_template(township, user=None, *, period=None, organisation=None) -> bytes:
    """The township's template (of `period`, the year by default), or `organisation`'s as its user downloads it."""
    buffer = io.BytesIO()
    template.build_template(buffer, pack=township["pack"], period=period or township["period"],
                            scope=Scope(user or township["user"]),
                            region=None if organisation else township["region"], organisation=organisation)
    return buffer.getvalue()


def read_template(content: bytes) -> dict:
    """The fact columns (hidden keys), the organisation codes of the rows and the metadata of a facts workbook."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    keys = [cell.value for cell in ws[layout.KEY_ROW]]
    meta = {row[0].value: row[1].value for row in wb[layout.META_SHEET].iter_rows()}
    return {"facts": keys[2:], "codes": [ws.cell(r, 1).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)],
            "meta": meta, "instructions": " ".join(str(c.value) for c in wb.worksheets[1]["A"] if c.value)}


def fill(content: bytes, rows: dict, meta: dict | None = None) -> bytes:
    """rows: {organisation code: {fact code: value}} written under the hidden keys of row 1."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    columns = {cell.value: cell.column for cell in ws[layout.KEY_ROW] if cell.value}
    row_of = {ws.cell(r, 1).value: r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}
    for code, values in rows.items():
        for key, value in values.items():
            ws.cell(row_of[code], columns[key], value)
    for key, value in (meta or {}).items():
        sheet = wb[layout.META_SHEET]
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key)
        sheet.cell(row, 2, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="figures.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def import_as(township, content: bytes, user=None, period: str | None = None):
    """Imports `content` as `user` (the township official by default) would, choosing `period` when given."""
    user = user or township["user"]
    return import_facts(upload(content), scope=Scope(user), user=user, period=period)


def nothing_written() -> bool:
    return not FactChange.objects.exists() and not FactReport.objects.exclude(values={}).exists()
