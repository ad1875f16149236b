"""The living sample year (issue 10 item 1): 2017 closed, 2018 in its reporting season, the approval chain
walkable from the demo's organisation to the city, the sample breaking no validation rule but the planted ones."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from guifan.accounts.scope import Scope
from guifan.facts.actions import FactError
from guifan.facts.models import FactReport, Period
from guifan.regions.models import Region
from guifan.reporting import actions
from guifan.reporting.formspec import consistency_problems
from guifan.reporting.models import Notice, ReportEvent
from guifan.seeding.demo import demo_targets
from guifan.seeding.living import Layout

S = FactReport.State


def blocking(pack, report) -> list[str]:
    return [message for _codes, message, block in consistency_problems(
        pack, {**report.derived, **report.values}, domain=report.organisation.domain, frequency=report.period.kind)
        if block]


def test_sample_breaks_no_validation_rule_but_the_planted_ones(living_year):
    pack, planted = living_year["pack"], living_year["planted"]
    assert planted and len(planted) <= 4
    broken = {}
    for report in FactReport.objects.filter(period__kind="yearly").select_related("organisation", "period"):
        if found := blocking(pack, report):
            broken[report.pk] = (report, found)
    assert set(broken) == {p.report for p in planted}
    for report, messages in broken.values():
        assert report.period.year == 2018 and report.state == S.DRAFT  # caught when the secretary submits it
        assert any(p.message in messages for p in planted if p.report == report.pk)


def test_the_seed_lists_the_planted_failures_in_chinese(tiny):
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("demo_figures", stdout=out)
    text = out.getvalue()
    listed = text.split("有意留下的数据错误")[1].splitlines()[1:]
    # one planted validation failure: dues paid and returned are derived from the dues records now (issue 12), the
    # sample's short returns fail the criterion N-GUAR-dues-returned instead (guifan/seeding/dues.py)
    assert len(listed) == 1 and all("：" in line and "不能多于" in line for line in listed)
    assert not re.search(r"VR-|[a-z]_[a-z]|guilin-2018", text)  # no rule id, fact code or pack id
    again = io.StringIO()
    with translation.override("zh-hans"):
        call_command("demo_figures", stdout=again)  # run again: nothing redone, the same list
    assert again.getvalue().splitlines()[-(len(listed) + 1):] == text.splitlines()[-(len(listed) + 1):]


def test_the_seed_names_its_gaps_in_chinese(db):
    from .conftest import seed

    with translation.override("zh-hans"):
        text = seed(scale="tiny", seed=1)
    assert "正式党员人数不足的党支部" in text and "没有书记的党组织" in text
    assert not re.search(r"[a-z]_[a-z]|\[[a-z]+\]", text)  # no gap code, no [kind] after a label


def test_2017_is_closed_up_to_the_city(living_year):
    reports = FactReport.objects.filter(period__year=2017)
    assert reports.exists()
    assert set(reports.values_list("state", "approval_level").distinct()) == {(S.APPROVED, "city")}
    report = reports.filter(organisation__region__level="township").first()
    levels = list(report.events.order_by("time").values_list("action", "level"))
    assert levels == [("submit", ""), ("approve", "township"), ("approve", "county"), ("approve", "city")]


def test_2018_has_every_state_late_and_on_time(living_year):
    reports = FactReport.objects.filter(period__year=2018).select_related("period")
    states = {(r.state, r.approval_level, bool(r.values)) for r in reports}
    for wanted in [(S.DRAFT, "", False), (S.DRAFT, "", True), (S.SUBMITTED, "", True), (S.RETURNED, "", True),
                   (S.APPROVED, "township", True), (S.APPROVED, "county", True), (S.APPROVED, "city", True)]:
        assert wanted in states, wanted
    received = [r for r in reports if r.state in (S.SUBMITTED, S.APPROVED)]
    late = [r for r in received if r.submitted_at.date() > r.period.due]
    assert late and len(late) < len(received)
    returned = reports.filter(state=S.RETURNED).first()
    assert returned.returned_reason
    assert returned.events.filter(action=ReportEvent.Action.RETURN, reason=returned.returned_reason).exists()
    # Earlier periods further along than later ones.
    q1, q4 = (FactReport.objects.filter(period__code=c) for c in ("2018Q1", "2018Q4"))
    assert not q1.exclude(approval_level="city").exists() and q4.exclude(state=S.APPROVED).exists()


def test_the_chain_holds_in_every_period(living_year):
    rank = actions.RANK
    for period in Period.objects.filter(year__in=(2017, 2018)):
        reports = list(FactReport.objects.filter(period=period).select_related("organisation__region"))
        for report in reports:
            chain = actions.chain(report.organisation)
            if report.state == S.APPROVED:
                assert report.approval_level in chain
                approvals = list(report.events.filter(action="approve").order_by("time").values_list("level",
                                                                                                     flat=True))
                assert approvals == chain[:chain.index(report.approval_level) + 1]
            else:
                assert report.approval_level == ""
        for level, below in (("county", "township"), ("city", "county")):
            # A region approved by the level above: every report in it approved at its own level first.
            for region in Region.objects.filter(level=below):
                inside = [r for r in reports if r.organisation.region.path.startswith(region.path)]
                if any(rank[r.approval_level] >= rank[level] and r.state == S.APPROVED
                       and actions.chain(r.organisation)[0] != level for r in inside):
                    assert not actions.region_blockers(region, period, below), (period, region)


@pytest.fixture
def accounts(living_year, settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_accounts", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    return {name: (users[name], Scope(users[name])) for name in ("organisation", "township", "county", "city")}


def test_every_demo_account_has_work_waiting(accounts):
    targets, year = demo_targets(), Period.yearly(2018)
    org, township, county = targets["organisation"], targets["township"], targets["county"]
    mine = FactReport.objects.get(organisation=org, period=year)
    assert mine.state == S.RETURNED and mine.returned_reason
    assert Notice.objects.filter(user=accounts["organisation"][0], organisation=org, period=year,
                                 reason=mine.returned_reason).exists()
    assert FactReport.objects.filter(organisation=org, period__code="2018Q4", values={}).exists()  # not started
    assert FactReport.objects.filter(period=year, state=S.SUBMITTED, organisation__region=township).exists()
    # The tiny city has one township in the demo county: its third quarter waits for the county, its second
    # quarter for the city (at the city scale the yearly report has such townships and counties too).
    (_, _), (_, _), (c_user, c_scope), (city_user, city_scope) = accounts.values()
    q2, q3 = Period.objects.get(code="2018Q2"), Period.objects.get(code="2018Q3")
    with pytest.raises(FactError):
        actions.approve_region(county, q3, city_user, city_scope)  # its townships are not approved at county level
    assert actions.approve_region(township, q3, c_user, c_scope) > 0
    with pytest.raises(FactError):
        actions.approve_region(township, q2, city_user, city_scope)  # a township is the county's to approve
    assert actions.approve_region(county, q2, city_user, city_scope) > 0


def test_the_city_layout_gives_each_level_a_region_to_approve():
    by_county = {"450321": {"450321100", "450321101", "450321102", "450321103"},
                 **{f"4503{n}": {f"4503{n}100", f"4503{n}101", f"4503{n}102", f"4503{n}103"}
                    for n in ("02", "03", "04", "05", "11")}}
    layout = Layout.plan(by_county, "450321", "450321101", 7)
    demo_county = {t: layout.township_stage[t] for t in by_county["450321"]}
    assert demo_county == {"450321101": "demo", "450321100": "township", "450321102": "county",
                           "450321103": "county"}
    assert sorted(layout.county_stage.values()) == ["city", "county", "demo", "mixed", "mixed", "mixed"]
    mixed = [c for c, stage in layout.county_stage.items() if stage == "mixed"]
    assert {layout.township_stage[t] for t in by_county[mixed[0]]} == {"mixed", "township", "county"}


def test_the_whole_chain_can_be_walked_in_the_yearly_report(accounts):
    targets, year = demo_targets(), Period.yearly(2018)
    township, county = targets["township"], targets["county"]
    (org_user, _), (t_user, t_scope), (c_user, c_scope), (city_user, city_scope) = accounts.values()
    with pytest.raises(FactError):
        actions.approve_region(township, year, c_user, c_scope)  # the township has not finished
    with pytest.raises(FactError):
        actions.approve_region(county, year, city_user, city_scope)
    actions.submit(FactReport.objects.get(organisation=targets["organisation"], period=year), org_user)
    for report in FactReport.objects.filter(period=year, state=S.SUBMITTED, organisation__region=township):
        actions.approve(report, t_user, t_scope)
    assert actions.approve_region(township, year, c_user, c_scope) > 0
    for other in Region.objects.filter(parent=county, level="township").exclude(pk=township.pk):
        if actions.region_blockers(other, year, "county") and not actions.region_blockers(other, year, "township"):
            actions.approve_region(other, year, c_user, c_scope)
    for report in FactReport.objects.filter(period=year, state=S.SUBMITTED, organisation__region=county):
        actions.approve(report, c_user, c_scope)  # the county's own units
    assert actions.approve_region(county, year, city_user, city_scope) > 0
    assert not FactReport.objects.filter(period=year, organisation__region__path__startswith=county.path).exclude(
        approval_level="city").exists()


def test_the_reporting_season_is_now(living_year):
    """The living periods' deadlines are set from the day the demo is made, so the to-do lists speak of days, not
    years; nothing was submitted or approved in the future, and nothing is late whose deadline is still ahead."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    deadlines = dict(Period.objects.filter(year=2018, code__in=["2018", "2018Q4", "201811", "201812"])
                     .values_list("code", "deadline"))
    assert deadlines == {"2018": today + dt.timedelta(days=15), "2018Q4": today + dt.timedelta(days=8),
                         "201811": today - dt.timedelta(days=6), "201812": today + dt.timedelta(days=4)}
    assert Period.objects.get(code="2018Q3").deadline is None  # a closed period keeps its natural deadline
    now = timezone.now()
    assert not FactReport.objects.filter(submitted_at__gt=now).exists()
    assert not FactReport.objects.filter(approved_at__gt=now).exists()
    assert not ReportEvent.objects.filter(time__gt=now).exists()
    def day_after(day):  # a moment, not a __date lookup: MariaDB without time-zone tables cannot convert those
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))

    november = FactReport.objects.filter(period__code="201811", submitted_at__isnull=False)
    assert november.filter(submitted_at__gte=day_after(today - dt.timedelta(days=6))).exists()  # late
    yearly = FactReport.objects.filter(period__code="2018", submitted_at__isnull=False)
    assert yearly.exists() and not yearly.filter(submitted_at__gte=day_after(today + dt.timedelta(days=15))).exists()


def test_every_ticked_fact_that_asks_for_proof_has_it(living_year):
    """The form refuses to submit a ticked fact without its evidence, so the sample's reports carry it: the demo
    secretary can resubmit the returned report without inventing nine proofs first."""
    pack = living_year["pack"]
    from guifan.reporting.formspec import build

    asks = {code for code, fact in pack.facts.items() if fact.evidence}
    asks |= {code for domain in "RUNAS" for code in build(pack, domain).evidence_codes()}
    reports = FactReport.objects.filter(period__kind="yearly").exclude(values={})
    assert reports.exists()
    for report in reports:
        ticked = {code for code in asks if report.values.get(code) is True}
        assert ticked <= {code for code, text in report.evidence.items() if text}, report.organisation.name
    assert any(report.evidence for report in reports)
