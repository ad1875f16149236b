"""The error workbook of a refused member import keeps no full ID number, phone or birth date (the member sheet
declares those columns sensitive), is readable by the server's user only and is deleted after its time."""

import datetime as dt
import io
import os
import stat
import time
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan.core.spreadsheets import errors_workbook
from guifan.core.spreadsheets.testing import read

from .sheet_helpers import filled, member_row

pytestmark = pytest.mark.django_db


def _xml_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


@pytest.fixture
def refused(client, users, two_counties):
    """A refused upload: a good row and one with an unknown organisation, through the import page."""
    branch = two_counties["yangshuo"]["branch"]
    rows = [member_row(branch, name="好行", birth_date=dt.date(1985, 3, 9), phone="13907731234"),
            member_row(branch, name="错行", birth_date=dt.date(1990, 7, 21), phone="13600001111",
                       organisation="NOPE")]
    client.force_login(users["county"])
    response = client.post(reverse("spreadsheets:import", args=["members"]), {"file": filled(users["county"], rows)})
    assert response.status_code == 400
    assert "已脱敏" in response.content.decode()  # the page says so before the download
    return client, response.context["error_token"], rows


def test_sensitive_cells_are_masked_in_the_error_workbook(refused):
    client, token, rows = refused
    content = b"".join(client.get(reverse("spreadsheets:errors", args=[token])).streaming_content)
    text = _xml_text(content)
    for row in rows:
        assert row["id_number"] not in text and row["phone"] not in text
        birth = row["birth_date"]
        assert birth.isoformat() not in text and str((birth - dt.date(1899, 12, 30)).days) not in text
    data = read(content).worksheets[0]
    header = [c.value for c in data[2]]
    got = {data.cell(r, 1).value: {h: data.cell(r, i + 1).value for i, h in enumerate(header)} for r in (3, 4)}
    bad = got["错行"]
    assert bad["公民身份号码"] == rows[1]["id_number"][:6] + "*" * 12
    assert bad["联系电话"] == "136****1111" and bad["出生日期"] == "1990-07"
    assert bad["所在党组织编码"] == "NOPE"  # what is not personal stays, to be corrected
    assert got["好行"]["公民身份号码"].endswith("*" * 12)


def test_the_stored_file_is_private_and_purged(refused, settings):
    _client, token, _rows = refused
    path = errors_workbook.stored_error_workbook(token)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    settings.ERROR_WORKBOOK_HOURS = 2
    call_command("purge_files")
    assert path.exists()  # younger than its time
    old = time.time() - 3 * 3600
    os.utime(path, (old, old))
    call_command("purge_files")
    assert not path.exists() and errors_workbook.stored_error_workbook(token) is None
