"""An ID number cannot be rebuilt from what a county user sees of a member: everything the list page, the detail
page, the export and the API show of them (masked number, birth month, gender) still fits many thousands of valid
numbers (docs/security.md, "Personal data"), and the database row keeps no full birth date."""

import calendar
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from guifan import testing as t
from guifan.core import idcard
from guifan.members.models import Member

pytestmark = pytest.mark.django_db

# The documented minimum: February of a common year, 28 days x 500 sequence numbers of the member's sex.
MINIMUM_CANDIDATES = 14_000
MASKED = re.compile(r"\b(\d{6}[0-9X*]{12})(?![0-9X*])")


def _export_text(response) -> str:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)


def seen_by(client, member: Member) -> str:
    """The text of every place a county user sees the member: list, detail, export, API list and detail."""
    pages = [client.get(reverse("members:list"), {"q": member.name}),
             client.get(reverse("members:detail", args=[member.pk])),
             client.get("/api/members/", {"q": member.name}), client.get(f"/api/members/{member.pk}/")]
    assert all(p.status_code == 200 for p in pages)
    export = client.get(reverse("spreadsheets:export", args=["members"]), {"q": member.name})
    return "\n".join([*(p.content.decode() for p in pages), _export_text(export)])


def visible_characters(text: str, region: str) -> dict[int, str]:
    """Position -> character of every masked form of the member's number on the pages, put together."""
    known: dict[int, str] = {}
    masks = [m for m in MASKED.findall(text) if m.startswith(region)]
    assert masks, "the masked number is shown"
    for mask in masks:
        for position, char in enumerate(mask):
            if char != "*":
                assert known.setdefault(position, char) == char
    return known


def candidates(region: str, year: int, month: int, male: bool, known: dict[int, str]) -> list[str]:
    """Every valid number (GB 11643, check digit by guifan.core.idcard) with this region code, birth year and
    month and sex that shows the known characters."""
    found = []
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        for sequence in range(1 if male else 0, 1000, 2):
            first17 = f"{region}{year:04d}{month:02d}{day:02d}{sequence:03d}"
            number = first17 + idcard.check_digit(first17)
            if all(number[p] == c for p, c in known.items()):
                found.append(number)
    return found


@pytest.mark.parametrize("birth", [dt.date(1983, 11, 24), dt.date(1979, 2, 6)])
def test_a_county_user_cannot_rebuild_a_members_id_number(client, users, two_counties, birth):
    branch = two_counties["yangshuo"]["branch"]
    member = t.member(branch, name="重建测试党员", birth_date=birth, gender=Member.Gender.FEMALE)
    client.force_login(users["county"])
    text = seen_by(client, member)

    number = member.reveal_id_number()
    region = number[:6]
    assert number not in text and birth.isoformat() not in text and f"{birth:%Y%m%d}" not in text
    month = re.search(rf"\b{birth.year}-{birth.month:02d}\b", text)
    assert month, "the birth month is shown"
    assert "女" in text  # and so is the sex, which halves the sequence numbers
    known = visible_characters(text, region)

    found = candidates(region, birth.year, birth.month, False, known)
    assert number in found
    assert len(found) >= MINIMUM_CANDIDATES, len(found)


def test_the_old_mask_with_the_birth_month_left_a_handful():
    """What the test above guards against: first 6 + last 4 shown, with the birth month, left 2 to 4 numbers."""
    number = t.id_number("450321", dt.date(1983, 11, 24), male=False)
    known = {p: number[p] for p in (*range(6), 14, 15, 16, 17)}
    found = candidates("450321", 1983, 11, False, known)
    assert number in found and len(found) <= 4


def test_the_row_keeps_no_full_birth_date(two_counties):
    birth = dt.date(1983, 11, 24)
    member = t.member(two_counties["yangshuo"]["branch"], birth_date=birth)
    assert "birth_date" not in {f.name for f in Member._meta.get_fields()}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Member._meta.db_table} WHERE id = %s", [member.pk])
        row = cursor.fetchone()
    stored = " ".join(str(v) for v in row)
    for full in (birth.isoformat(), f"{birth:%Y%m%d}", "19831124"):
        assert full not in stored
    assert Member.objects.get(pk=member.pk).birth_month == dt.date(1983, 11, 1)
    assert not Member.objects.exclude(birth_month__day=1).exists()
