"""Party dues records (GUAR-N-01): declarations refused when the band does not match, the year computed in bulk,
a branch's month paid once, all or nothing; arrears flagged at six months (党章第九条); GUAR-N-01 facts derived."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from guifan import testing as t
from guifan.core.models import ChangeLog
from guifan.dues import actions, selectors
from guifan.dues.models import DuesAssessment, DuesPayment
from guifan.facts.derived import derive_organisations
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import HostUnit
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")
D = Decimal


@pytest.fixture
def pack(shipped_pack):
    return parse_pack(SHIPPED)


@pytest.fixture
def branch(two_counties):
    return two_counties["yangshuo"]


def test_a_declared_amount_not_matching_the_band_is_refused_in_chinese_and_nothing_written(branch, pack):
    member = branch["members"][0]
    with pytest.raises(ValidationError) as refused:
        actions.declare(member, 2018, "employed", "3000.01", pack.dues, amount="15.00")
    assert "party-dues" in str(refused.value)
    assert not DuesAssessment.objects.exists()
    a = actions.declare(member, 2018, "employed", "3000.00", pack.dues, amount="15.00")
    assert a.monthly_amount == D("15.00")
    assert "3000" not in a.income_encrypted and actions.income_of(a) == D("3000.00")
    log = ChangeLog.objects.filter(object_type="dues.duesassessment").last()
    assert "income_encrypted" not in (log.after or {}) and "3000" not in str(log.after)


def test_refusals_translate_to_chinese(branch, pack):
    from django.utils import translation
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        actions.declare(branch["members"][0], 2018, "employed", "3000.01", pack.dues, amount="15.00")
    assert "党费" in str(refused.value)


def test_compute_year_recomputes_declarations_by_the_pack_in_bulk(branch, pack):
    a, b, c, d = branch["members"]
    actions.declare(a, 2017, "employed", "3000.01", pack.dues)
    d.retired = True
    d.save()
    result = actions.compute_year(2018, pack.dues, organisations=[branch["branch"]])
    # a: carried forward; b, c: rural members, farmers; d: retired without a declared income, left out
    assert result == {"year": 2018, "set": 3, "without_income": 1}
    amounts = dict(DuesAssessment.objects.filter(year=2018).values_list("member_id", "monthly_amount"))
    assert amounts == {a.pk: D("30.00"), b.pk: D("0.20"), c.pk: D("0.20")}
    changed = parse_pack(SHIPPED.replace("- {up_to: 5000, percent: 1}", "- {up_to: 5000, percent: 1.2}")).dues
    actions.compute_year(2018, changed, organisations=[branch["branch"]])
    assert DuesAssessment.objects.get(year=2018, member=a).monthly_amount == D("36.00")


def test_a_month_is_paid_once_all_or_nothing(branch, pack, users):
    org = branch["branch"]
    actions.compute_year(2018, pack.dues)
    ids = [m.pk for m in branch["members"]]
    assert actions.record_month(org, 2018, 3, ids[:2], pack.dues, users["admin"]) == 2
    with pytest.raises(ValidationError, match="已交纳"):
        actions.record_month(org, 2018, 3, ids, pack.dues, users["admin"])
    assert DuesPayment.objects.filter(month=3).count() == 2
    with pytest.raises(ValidationError, match="不符"):
        actions.record_month(org, 2018, 4, ids[:1], pack.dues, amounts={ids[0]: "1.50"})
    assert actions.record_month(org, 2018, 4, ids[:1], pack.dues, amounts={ids[0]: "1.00"}) == 1
    assert DuesPayment.objects.get(month=4).amount == D("1.00")  # farmers choose within 0.2-1
    with pytest.raises(ValidationError):
        actions.record_month(org, 2018, 13, ids[:1], pack.dues)


def test_special_payment_from_1000_yuan(branch, pack):
    m = branch["members"][0]
    with pytest.raises(ValidationError, match="1000"):
        actions.record_special(m, 2018, 7, "999.99", pack.dues)
    assert actions.record_special(m, 2018, 7, "1000.00", pack.dues).kind == DuesPayment.Kind.SPECIAL


def test_six_months_in_arrears_are_flagged(branch, pack):
    org = branch["branch"]
    actions.compute_year(2018, pack.dues)
    a, b, *_ = branch["members"]
    actions.record_month(org, 2018, 1, [a.pk, b.pk], pack.dues)
    actions.record_month(org, 2018, 2, [b.pk], pack.dues)
    rows = {r["member"].pk: r for r in selectors.arrears(org.members.all(), 2018, 7, pack.dues)}
    assert rows[a.pk]["run"] == 6 and rows[a.pk]["flagged"]
    assert rows[b.pk]["run"] == 5 and not rows[b.pk]["flagged"]
    assert rows[a.pk]["amount"] == D("1.20")
    changed = parse_pack(SHIPPED.replace("arrears_months: 6", "arrears_months: 5")).dues
    assert {r["member"].pk: r["flagged"] for r in selectors.arrears(org.members.all(), 2018, 7, changed)}[b.pk]


def test_arrears_are_ordered_filtered_and_paged_by_the_database(branch, pack):
    """The longest run first, then the most months owed; a member paid through the month is not listed; the flagged
    ones alone when asked; a Paginator counts and slices the rows without reading them all."""
    from django.core.paginator import Paginator

    org = branch["branch"]
    actions.compute_year(2018, pack.dues)
    a, b, c, *rest = branch["members"]
    for month in range(1, 8):
        actions.record_month(org, 2018, month, [c.pk], pack.dues)  # c owes nothing through July
    actions.record_month(org, 2018, 3, [b.pk], pack.dues)  # b: 6 owed, 4 in a row
    actions.record_month(org, 2018, 1, [a.pk], pack.dues)  # a: 6 owed, 6 in a row
    rows = list(selectors.arrears(org.members.all(), 2018, 7, pack.dues))
    assert c.pk not in {r["member"].pk for r in rows}
    # members who paid nothing (7 in a row) lead, then a's run of 6, then b's of 4
    assert {r["member"].pk for r in rows[:len(rest)]} == {m.pk for m in rest}
    assert [r["member"].pk for r in rows[len(rest):]] == [a.pk, b.pk]
    assert [(r["run"], r["owing"]) for r in rows] == sorted(((r["run"], r["owing"]) for r in rows), reverse=True)
    by_pk = {r["member"].pk: (r["owing"], r["run"]) for r in rows}
    assert by_pk[a.pk] == (6, 6) and by_pk[b.pk] == (6, 4)
    flagged = list(selectors.arrears(org.members.all(), 2018, 7, pack.dues, flagged_only=True))
    assert a.pk in {r["member"].pk for r in flagged} and b.pk not in {r["member"].pk for r in flagged}
    assert all(r["flagged"] for r in flagged)
    page = Paginator(selectors.arrears(org.members.all(), 2018, 7, pack.dues), 1).get_page(2)
    assert page.paginator.count == len(rows) and [r["member"].pk for r in page] == [rows[1]["member"].pk]


def test_guar_n_01_facts_are_derived_from_the_records(db, pack):
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="两新企业")
    org = t.organisation(unit, name="企业党支部")
    members = [t.member(org, name=f"员工{i}") for i in range(2)]
    for m in members:
        actions.declare(m, 2018, "employed", "4000", pack.dues)  # 40.00 a month
    actions.record_month(org, 2018, 1, [m.pk for m in members], pack.dues)
    actions.record_special(members[0], 2018, 1, "1000", pack.dues)  # goes to the centre: not counted
    period = Period.yearly(2018)
    derive_organisations(pack, period, [org])
    values = FactReport.objects.get(organisation=org, period=period).derived
    assert values["dues_paid_yuan"] == 80.0 and values["dues_returned_yuan"] == 0.0
    actions.record_return(org, 2018, "80.00", returned_on=dt.date(2018, 12, 1))
    derive_organisations(pack, period, [org])
    assert FactReport.objects.get(organisation=org, period=period).derived["dues_returned_yuan"] == 80.0


def test_an_organisation_keeping_no_dues_records_is_unknown(db, pack):
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="两新企业")
    org = t.organisation(unit, name="企业党支部")
    t.member(org)
    period = Period.yearly(2018)
    derive_organisations(pack, period, [org])
    assert "dues_paid_yuan" not in FactReport.objects.get(organisation=org, period=period).derived


def test_an_organisation_keeping_no_dues_records_is_judged_on_its_typed_figures(db, pack):
    """GUAR-N-01 for a two-new organisation whose dues are not kept here: the yearly report asks the two figures,
    the derived facts take them (and follow a change), and once its dues are recorded the typed ones are not asked
    and the records decide."""
    from guifan.facts import actions as facts_actions
    from guifan.facts import periods

    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="两新企业")
    org = t.organisation(unit, name="企业党支部")
    member = t.member(org)
    period = Period.yearly(2018)
    typed = {"dues_paid_typed_yuan", "dues_returned_typed_yuan"}
    assert not typed & periods.not_asked(org, 2018, pack)
    report = facts_actions.get_report(org, period)
    facts_actions.set_values(report, {"dues_paid_typed_yuan": 1200, "dues_returned_typed_yuan": 1000}, pack=pack)
    derived = FactReport.objects.get(pk=report.pk).derived  # derived again when the typed figures were saved
    assert derived["dues_paid_yuan"] == 1200.0 and derived["dues_returned_yuan"] == 1000.0
    facts_actions.set_values(report, {"dues_returned_typed_yuan": 1200}, pack=pack)
    assert FactReport.objects.get(pk=report.pk).derived["dues_returned_yuan"] == 1200.0

    actions.declare(member, 2018, "employed", "4000", pack.dues)
    assert typed <= periods.not_asked(org, 2018, pack)
    derive_organisations(pack, period, [org])
    derived = FactReport.objects.get(pk=report.pk).derived
    assert derived["dues_paid_yuan"] == 0.0 and derived["dues_returned_yuan"] == 0.0  # the records, not the typed


def test_dues_paid_are_summed_to_the_cent(db, pack):
    """Money stays Decimal: a database summing in floating point (SQLite) is brought back to the cent."""
    unit = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="两新企业")
    org = t.organisation(unit, name="企业党支部")
    members = [t.member(org, name=f"员工{i}") for i in range(7)]
    for m in members:
        actions.declare(m, 2018, "employed", "3333", pack.dues)  # 33.33 a month
    for month in range(1, 4):
        actions.record_month(org, 2018, month, [m.pk for m in members], pack.dues)
    total = selectors.paid_by_organisation(2018, [org.pk])[org.pk]
    assert str(total) == "699.93"


def test_the_months_paid_roll_up_follows_every_payment(branch, pack):
    """Each assessment's months-paid roll-up, which the arrears read, is what the monthly payments say after a
    branch's month, a month for all, a special payment and the year's amounts set again."""
    from .test_seeding import from_payments, rolled_up

    org = branch["branch"]
    actions.compute_year(2018, pack.dues)
    a, b, *_ = branch["members"]
    actions.record_month(org, 2018, 1, [a.pk, b.pk], pack.dues)
    actions.record_month(org, 2018, 3, [b.pk], pack.dues)
    assert rolled_up(2018)[a.pk] == 0b1 and rolled_up(2018)[b.pk] == 0b101
    actions.record_month_for_all(2018, 2, pack.dues)
    actions.record_special(a, 2018, 4, "1000.00", pack.dues)  # a special payment is no month paid
    assert rolled_up(2018) == from_payments(2018) and rolled_up(2018)[a.pk] == 0b11
    actions.compute_year(2018, pack.dues)  # the assessments replaced: the roll-up rebuilt from the payments
    assert rolled_up(2018) == from_payments(2018) and rolled_up(2018)[b.pk] == 0b111
