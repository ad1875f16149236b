"""The dues payments sheet: an all-or-nothing import (a month already paid, an amount not matching the band named by
row and column, nothing written)."""

from guifan.accounts.scope import Scope
from guifan.core.spreadsheets import testing as sheets
from guifan.core.spreadsheets.importing import import_workbook
from guifan.dues import actions
from guifan.dues.models import DuesPayment
from guifan.dues.sheets import SHEET


def run(user, rows):
    return import_workbook(sheets.filled(SHEET, Scope(user), rows), SHEET, scope=Scope(user), user=user)


def test_import_is_all_or_nothing(two_counties, users, shipped_pack):
    rules = shipped_pack.pack().dues
    y = two_counties["yangshuo"]
    a, b, *_ = y["members"]
    actions.declare(a, 2018, "employed", "4000", rules)
    actions.declare(b, 2018, "farmer", None, rules)
    code = y["branch"].code
    good = {"organisation": code, "member": a.name, "year": 2018, "month": 2}
    bad = {"organisation": code, "member": b.name, "year": 2018, "month": 2, "amount": "1.50"}
    result = run(users["county"], [good, bad])
    assert not result.ok and not DuesPayment.objects.exists()
    assert [e.key for e in result.errors] == ["amount"]
    result = run(users["county"], [good, {**bad, "amount": "1.00"}])
    assert result.ok and DuesPayment.objects.count() == 2
    again = run(users["county"], [good])
    assert not again.ok and [e.key for e in again.errors] == ["month"] and DuesPayment.objects.count() == 2


def test_the_payments_export_is_scoped_filtered_and_numeric(client, two_counties, users, shipped_pack):
    """The export of dues paid: the county's payments only, filtered by month, the amount a number, no income."""
    from django.urls import reverse

    from guifan.core.spreadsheets.testing import read

    rules = shipped_pack.pack().dues
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    for member in (y["members"][0], ling["members"][0]):
        actions.declare(member, 2018, "employed", "4000", rules)
    for month in (1, 2):
        actions.record_month(y["branch"], 2018, month, [y["members"][0].pk], rules)
    actions.record_month(ling["branch"], 2018, 1, [ling["members"][0].pk], rules)
    client.force_login(users["county"])
    response = client.get(reverse("spreadsheets:export", args=["dues"]), {"month": "2"})
    rows = [[c.value for c in row] for row in read(b"".join(response.streaming_content)).worksheets[0].iter_rows()]
    assert [r[:5] for r in rows[1:]] == [[y["branch"].code, y["members"][0].name, 2018, 2, 40]]
    assert "4000" not in str(rows)
