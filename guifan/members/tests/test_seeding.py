"""The sample's member-status records and transfer letters (guifan.seeding.member_status): a record behind each
tracked status, deterministic, and the facts derived from them."""

import datetime as dt

from guifan import testing as t
from guifan.facts.derived import derive_organisations
from guifan.facts.models import FactReport, Period
from guifan.members.models import Member, StatusChange, Transfer
from guifan.orgs.models import Organisation
from guifan.seeding import member_status as sample


def test_a_record_behind_each_tracked_status_and_letters_open_and_overdue(two_counties, shipped_pack, monkeypatch):
    y = two_counties["yangshuo"]
    rules = shipped_pack.pack().member_status
    statuses = ["flowing", "lost_contact", "pocket", "unqualified"]
    for member, status in zip(y["members"], statuses, strict=True):
        Member.objects.filter(pk=member.pk).update(status=status)
    t.organisation(y["village"], Organisation.Kind.BRANCH, parent=y["committee"], name="第二支部")
    for _ in range(12):
        t.member(y["branch"])
    monkeypatch.setattr(sample, "LETTER_SHARE", 0.9)
    counts = sample.write(2018, rules, today=dt.date(2018, 12, 31))
    assert {c: counts[c] for c in statuses} == dict.fromkeys(statuses, 1)
    assert set(StatusChange.objects.values_list("to_status", flat=True)) == set(statuses)
    assert counts["transfers"] == Transfer.objects.exclude(letter_number="").count() > 0
    again = sample.write(2018, rules, today=dt.date(2018, 12, 31))
    assert again == counts  # deterministic, and written afresh
    derive_organisations(shipped_pack.pack(), Period.yearly(2018), [y["committee"]])
    values = FactReport.objects.get(organisation=y["committee"], period=Period.yearly(2018)).derived
    assert values["pocket_members_unresolved"] == 1
    assert values["unqualified_members_unresolved"] == 1 - counts.get("disposals", 0)
