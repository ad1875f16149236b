"""The Excel import of the organisations named by hand (2017's 直评联考 lagging list): all or nothing, each bad row
named; the export of the list is tested with the pages."""

from guifan.accounts.scope import Scope
from guifan.core.spreadsheets import testing as sheets
from guifan.core.spreadsheets.importing import import_workbook
from guifan.rectification.models import Listing
from guifan.rectification.sheets import SHEET

from .conftest import YEAR


def run(user, rows):
    return import_workbook(sheets.filled(SHEET, Scope(user), rows), SHEET, scope=Scope(user), user=user)


def test_import_lists_by_hand_all_or_nothing(listed, users):
    branch, outside = listed["yangshuo"]["branch"], listed["org_l"]
    result = run(users["county"], [{"organisation": branch.code, "year": YEAR, "reason": "2017年直评联考后进"},
                                   {"organisation": outside.code, "year": YEAR, "reason": "越界"},
                                   {"organisation": branch.code, "year": YEAR, "reason": "twice"}])
    assert result.created == 0 and {e.row for e in result.errors} == {4, 5}
    assert not Listing.objects.exists()
    result = run(users["county"], [{"organisation": branch.code, "year": YEAR, "reason": "2017年直评联考后进"}])
    assert result.created == 1 and not result.errors
    listing = Listing.objects.get()
    assert listing.source == Listing.Source.NAMED and listing.reason == "2017年直评联考后进"
    assert run(users["county"], [{"organisation": branch.code, "year": YEAR, "reason": "again"}]).errors
