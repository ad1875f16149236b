"""The check-up names the records behind TEAM-R-04 (the admissions of the last two years) and GUAR-N-01 (the dues
paid and returned, or the typed figures when no dues are recorded here, or why the figure is unknown)."""

import datetime as dt

from guifan import testing as t
from guifan.assessment.record_notes import record_notes
from guifan.dues import actions as dues
from guifan.facts import actions as facts
from guifan.facts.models import Period
from guifan.orgs.models import HostUnit


def _criteria(pack, *ids):
    return [c for c in pack.organisation_criteria if c.id in ids]


def test_the_admissions_behind_the_recruitment_criterion(two_counties, shipped_pack):
    pack = shipped_pack.pack()
    y = two_counties["yangshuo"]
    criteria = _criteria(pack, "R-TEAM-recruitment", "G-ACT-flowing-members")
    quiet = record_notes(pack, y["committee"], 2018, criteria)
    assert list(quiet) == ["R-TEAM-recruitment"]
    assert "2年" in quiet["R-TEAM-recruitment"][0] and "2005-07-01" in quiet["R-TEAM-recruitment"][0]
    recruit = t.member(y["branch"], name="新党员丙", joined_on=dt.date(2018, 3, 1))
    notes = record_notes(pack, y["committee"], 2018, criteria)["R-TEAM-recruitment"]
    assert notes == [f"截至2018-12-31的2年内接收：{recruit.name}（2018-03-01）。"]
    assert "2005-07-01" in record_notes(pack, y["committee"], 2017, criteria)["R-TEAM-recruitment"][0]


def test_the_dues_behind_the_returned_dues_criterion(db, shipped_pack):
    pack = shipped_pack.pack()
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="两新企业")
    org = t.organisation(unit, name="企业党支部")
    member = t.member(org)
    criteria = _criteria(pack, "N-GUAR-dues-returned")
    assert "未知" in record_notes(pack, org, 2018, criteria)["N-GUAR-dues-returned"][0]
    report = facts.get_report(org, Period.yearly(2018))
    facts.set_values(report, {"dues_paid_typed_yuan": 1200, "dues_returned_typed_yuan": 1000}, pack=pack)
    typed = record_notes(pack, org, 2018, criteria)["N-GUAR-dues-returned"][0]
    assert "年报" in typed and "1,200.00" in typed and "1,000.00" in typed
    dues.declare(member, 2018, "employed", "4000", pack.dues)
    dues.record_month(org, 2018, 1, [member.pk], pack.dues)
    dues.record_return(org, 2018, "20.00", returned_on=dt.date(2018, 12, 1))
    kept = record_notes(pack, org, 2018, criteria)["N-GUAR-dues-returned"][0]
    assert kept == "2018年党费记录：1名党员已核定缴纳额，已缴40.00元，登记返还20.00元。"
