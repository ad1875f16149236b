"""A member's status with its process (issue 12 item 2; TEAM-R-02, 党章第七条): each change an action with its date,
reason and document, refused with the rule when not allowed from the current status, and the derived facts read
from the records. Rules from the shipped pack, or a changed copy of it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guifan import testing as t
from guifan.core.models import ChangeLog
from guifan.facts.derived import derive_organisations
from guifan.facts.models import FactReport, Period
from guifan.members import actions
from guifan.members.models import Member, StatusChange
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
TODAY = dt.date(2019, 12, 31)


@pytest.fixture(scope="module")
def rules():
    return parse_pack(SHIPPED).member_status


def change(member, to, day, rules, **kw):
    return actions.change_status(member, to, date=day, reason=kw.pop("reason", "支部大会决定"),
                                 document=kw.pop("document", "党支〔2019〕1号"), rules=rules, today=TODAY, **kw)


def test_the_pack_states_the_process(rules):
    assert rules.probation_months == 12 and rules.extensions == 1 and rules.lost_contact_months == 6
    assert rules.transfer_valid_days == 90 and rules.spec == ("TEAM-R-02", "ACT-G-04")
    assert set(rules.disposals) == {"correct_within", "persuade_to_leave", "expel"}
    assert [c.code for c in rules.allowed_from("pocket", "full")] == ["registered", "left", "deceased"]


def test_a_probationary_member_becomes_full_on_the_day_the_probation_ends_not_before(db, rules, two_counties):
    m = t.member(two_counties["yangshuo"]["branch"], category=Member.Category.PROBATIONARY,
                 joined_on=dt.date(2018, 7, 1))
    with pytest.raises(ValidationError, match="member-status"):
        change(m, "full", dt.date(2019, 6, 30), rules)  # the day before
    assert not StatusChange.objects.filter(member=m).exists()
    record = change(m, "full", dt.date(2019, 7, 1), rules)
    m.refresh_from_db()
    assert m.category == Member.Category.FULL
    assert (record.from_category, record.to_category) == ("probationary", "full")
    assert ChangeLog.objects.filter(object_id=str(record.pk), action=ChangeLog.Action.CREATE).exists()


def test_one_extension_only_and_it_moves_the_end(db, rules, two_counties):
    m = t.member(two_counties["yangshuo"]["branch"], category=Member.Category.PROBATIONARY,
                 joined_on=dt.date(2018, 1, 1))
    with pytest.raises(ValidationError, match="6"):
        change(m, "extension", dt.date(2019, 1, 2), rules, details={"months": 5})
    change(m, "extension", dt.date(2019, 1, 2), rules, details={"months": 6})
    with pytest.raises(ValidationError, match="1"):
        change(m, "extension", dt.date(2019, 2, 1), rules, details={"months": 6})
    with pytest.raises(ValidationError):
        change(m, "full", dt.date(2019, 6, 30), rules)
    change(m, "full", dt.date(2019, 7, 1), rules)


def test_a_changed_pack_allows_two_extensions(db, two_counties):
    changed = parse_pack(SHIPPED.replace("probation: {months: 12, extensions: 1,",
                                         "probation: {months: 12, extensions: 2,")).member_status
    m = t.member(two_counties["yangshuo"]["branch"], category=Member.Category.PROBATIONARY,
                 joined_on=dt.date(2018, 1, 1))
    change(m, "extension", dt.date(2019, 1, 2), changed, details={"months": 6})
    change(m, "extension", dt.date(2019, 7, 2), changed, details={"months": 6})


def test_a_change_not_allowed_from_the_status_is_refused_in_chinese(db, rules, two_counties, settings):
    from django.utils import translation

    m = t.member(two_counties["yangshuo"]["branch"])
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        change(m, "registered", dt.date(2019, 5, 1), rules)  # not a pocket member
    assert "member-status" in str(refused.value) and "党章" in str(refused.value)
    with pytest.raises(ValidationError):
        change(m, "full", dt.date(2019, 5, 1), rules)  # a full member already


def test_dates_in_the_future_or_before_the_previous_change_are_refused(db, rules, two_counties):
    m = t.member(two_counties["yangshuo"]["branch"])
    with pytest.raises(ValidationError, match="晚于今天"):
        change(m, "pocket", TODAY + dt.timedelta(days=1), rules)
    change(m, "pocket", TODAY, rules)  # today itself is fine
    with pytest.raises(ValidationError, match="上一次"):
        change(m, "registered", TODAY - dt.timedelta(days=1), rules)
    change(m, "registered", TODAY, rules)


def test_lost_contact_needs_six_months_without_contact(db, rules, two_counties):
    m = t.member(two_counties["yangshuo"]["branch"])
    with pytest.raises(ValidationError, match="6"):
        change(m, "lost_contact", dt.date(2019, 6, 30), rules, details={"since": "2019-01-01"})  # a day short
    record = change(m, "lost_contact", dt.date(2019, 7, 1), rules,
                    details={"since": "2019-01-01", "search": "电话、走访亲属"})
    assert record.details == {"since": "2019-01-01", "search": "电话、走访亲属"}
    shorter = parse_pack(SHIPPED.replace("lost_contact:\n        months: 6", "lost_contact:\n        months: 3"))
    other = t.member(two_counties["yangshuo"]["branch"])
    change(other, "lost_contact", dt.date(2019, 4, 1), shorter.member_status, details={"since": "2019-01-01"})


def test_a_disposal_needs_the_appraisal_that_found_the_member_unqualified(db, rules, two_counties):
    m = t.member(two_counties["yangshuo"]["branch"])
    with pytest.raises(ValidationError, match="民主评议"):
        change(m, "unqualified", dt.date(2019, 3, 1), rules, details={})
    # A member marked unqualified by an import, without the appraisal: a disposal is refused.
    Member.objects.filter(pk=m.pk).update(status=Member.Status.UNQUALIFIED)
    m.refresh_from_db()
    with pytest.raises(ValidationError, match="民主评议记录"):
        change(m, "disposal", dt.date(2019, 3, 1), rules, details={"disposal": "expel"})
    change(m, "unqualified", dt.date(2019, 3, 1), rules,
           details={"appraisal": {"id": 7, "date": "2019-01-20", "text": "民主评议不合格"}})
    with pytest.raises(ValidationError):
        change(m, "disposal", dt.date(2019, 4, 1), rules, details={"disposal": "fine"})
    record = change(m, "disposal", dt.date(2019, 4, 1), rules, details={"disposal": "expel"})
    m.refresh_from_db()
    assert m.status == Member.Status.LEFT and record.details["disposal"] == "expel"


def test_flowing_out_keeps_where_to_and_dual_management(db, rules, two_counties):
    m = t.member(two_counties["yangshuo"]["branch"])
    with pytest.raises(ValidationError):
        change(m, "flowing_out", dt.date(2019, 3, 1), rules, details={})
    record = change(m, "flowing_out", dt.date(2019, 3, 1), rules, details={
        "destination": "广东省深圳市", "receiving_organisation": "深圳某园区党委", "dual_management": True,
        "activity_card": "LD-2019-001"})
    assert record.details["dual_management"] is True
    m.refresh_from_db()
    assert m.status == Member.Status.FLOWING


def test_team_r_02_and_flowing_facts_come_from_the_records(db, shipped_pack, two_counties):
    rules = shipped_pack.pack().member_status
    y = two_counties["yangshuo"]
    pocket, unqualified, flowing, undual = y["members"]
    change(pocket, "pocket", dt.date(2018, 3, 1), rules)
    change(unqualified, "unqualified", dt.date(2018, 3, 1), rules,
           details={"appraisal": {"date": "2018-01-20", "text": "民主评议不合格"}})
    change(flowing, "flowing_out", dt.date(2018, 3, 1), rules,
           details={"destination": "深圳", "receiving_organisation": "深圳某党委", "dual_management": True})
    change(undual, "flowing_out", dt.date(2018, 3, 1), rules, details={"destination": "南宁"})
    pack, period = shipped_pack.pack(), Period.yearly(2018)
    derive_organisations(pack, period, [y["committee"], y["branch"]])
    values = FactReport.objects.get(organisation=y["committee"], period=period).derived
    assert values["pocket_members_unresolved"] == 1 and values["unqualified_members_unresolved"] == 1
    assert values["flowing_members_dual_managed"] is False
    change(pocket, "registered", dt.date(2018, 6, 1), rules)
    change(unqualified, "disposal", dt.date(2018, 6, 1), rules, details={"disposal": "correct_within"})
    change(undual, "flowing_back", dt.date(2018, 6, 1), rules)
    derive_organisations(pack, period, [y["committee"], y["branch"]])
    values = FactReport.objects.get(organisation=y["committee"], period=period).derived
    assert values["pocket_members_unresolved"] == 0 and values["unqualified_members_unresolved"] == 0
    assert values["flowing_members_dual_managed"] is True
    # As at the end of another year, the records after it do not count: 2017 had none of them.
    derive_organisations(pack, Period.yearly(2017), [y["committee"]])
    early = FactReport.objects.get(organisation=y["committee"], period=Period.yearly(2017)).derived
    assert early["pocket_members_unresolved"] == 0 and "flowing_members_dual_managed" not in early


def test_a_member_with_a_tracked_status_and_no_record_counts_by_the_register(db, shipped_pack, two_counties):
    y = two_counties["yangshuo"]
    Member.objects.filter(pk=y["members"][0].pk).update(status=Member.Status.POCKET)
    derive_organisations(shipped_pack.pack(), Period.yearly(2018), [y["committee"]])
    assert FactReport.objects.get(organisation=y["committee"],
                                  period=Period.yearly(2018)).derived["pocket_members_unresolved"] == 1


def test_the_status_form_offers_the_packs_extension_bounds(db, shipped_pack, two_counties):
    from guifan.members.forms import status_form

    member = t.member(two_counties["yangshuo"]["branch"], category=Member.Category.PROBATIONARY,
                      status=Member.Status.NORMAL)
    form = status_form(member, {"change": "extension", "date": "2019-01-02", "months": "24"})
    assert 'max="12"' in str(form["months"]) and 'min="6"' in str(form["months"])
    assert not form.is_valid() and "months" in form.errors
    assert status_form(member, {"change": "extension", "date": "2019-01-02", "months": "12"}).is_valid()
