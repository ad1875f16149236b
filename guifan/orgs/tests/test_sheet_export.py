"""The organisation export: the organisations of the user's scope, filtered as the list is."""

import pytest
from django.urls import reverse

from guifan.core.spreadsheets.testing import read


def cells(response) -> list[list]:
    content = b"".join(response.streaming_content)
    return [[c.value for c in row] for row in read(content).worksheets[0].iter_rows()]


@pytest.fixture
def county_client(client, users):
    client.force_login(users["county"])
    return client


def test_organisation_export_is_scoped_and_filtered(county_client, two_counties):
    rows = cells(county_client.get(reverse("spreadsheets:export", args=["organisations"])))
    y = two_counties["yangshuo"]
    assert {r[0] for r in rows[1:]} == {y["committee"].code, y["branch"].code, y["group"].code}
    branch_row = next(r for r in rows if r[0] == y["branch"].code)
    assert branch_row[3] == y["committee"].code and branch_row[-1] == 4
    rows = cells(county_client.get(reverse("spreadsheets:export", args=["organisations"]), {"kind": "group"}))
    assert [r[0] for r in rows[1:]] == [y["group"].code]


def test_the_list_page_exports_as_filtered_in_excel_and_csv(county_client, two_counties):
    """issue 14.1: the list's export links carry its filters; the CSV holds the same rows as the page."""
    y = two_counties["yangshuo"]
    page = county_client.get(reverse("orgs:list"), {"kind": "group", "page": "1"}).content.decode()
    export = reverse("spreadsheets:export", args=["organisations"])
    assert f'{export}?format=csv&amp;kind=group&amp;page=1' in page
    response = county_client.get(export, {"format": "csv", "kind": "group", "page": "1"})
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [y["group"].code]
    assert county_client.get(export, {"format": "pdf"}).status_code == 404
