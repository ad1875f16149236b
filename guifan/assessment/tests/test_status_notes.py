"""The check-up page says which member-status records decided a TEAM-R-02 or flowing-member criterion."""

import datetime as dt

from guifan.assessment.status_notes import status_notes
from guifan.members import actions


def test_the_records_behind_the_pocket_and_unqualified_criteria(two_counties, shipped_pack):
    pack = shipped_pack.pack()
    y = two_counties["yangshuo"]
    pocket, unqualified = y["members"][:2]
    actions.change_status(pocket, "pocket", date=dt.date(2018, 3, 1), document="党支〔2018〕3号",
                          today=dt.date(2018, 12, 31))
    actions.change_status(unqualified, "unqualified", date=dt.date(2018, 4, 1), today=dt.date(2018, 12, 31),
                          details={"appraisal": {"date": "2018-01-20", "text": "评议不合格"}})
    criteria = [c for c in pack.organisation_criteria
                if c.id in ("R-TEAM-pocket-members", "R-TEAM-unqualified-members")]
    notes = status_notes(pack, y["committee"], 2018, criteria)
    assert any(pocket.name in line and "2018-03-01" in line and "党支〔2018〕3号" in line
               for line in notes["R-TEAM-pocket-members"])
    unq = " ".join(notes["R-TEAM-unqualified-members"])
    assert "2018-04-01" in unq and unqualified.name not in unq  # sensitive: counted, not named
    assert status_notes(pack, y["committee"], 2017, criteria) == {}
