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
