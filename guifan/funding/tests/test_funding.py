"""Floating funding (M12; GUAR-R-01/02/05, GUAR-U-04/05, GUAR-N-01): the pack's formula per organisation, region and
payer, the star level from the published rating else the official run, a changed pack moving the money, bad
formulas refused at load, the CLI."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from guifan import testing as t
from guifan.funding import actions, engine, explain
from guifan.funding.calculation import calculate
from guifan.funding.models import FundingRegion, FundingResult
from guifan.orgs.models import HostUnit, Organisation
from guifan.rating import actions as rating_actions
from guifan.rating.tests.helpers import official_run
from guifan.standards.actions import load_pack_text
from guifan.standards.errors import PackError
from guifan.standards.pack import PACKS_DIR, parse_pack

pytestmark = pytest.mark.django_db
SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


@pytest.fixture
def city(shipped_pack, two_counties):
    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    community = t.host_unit("450302001", HostUnit.Kind.COMMUNITY, name="阳朔测试社区")
    c_org = t.organisation(community, Organisation.Kind.COMMITTEE, name="阳朔测试社区党委")
    firm = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="阳朔测试企业")
    new = t.organisation(firm, Organisation.Kind.BRANCH, name="阳朔测试企业党支部", domain="N",
                         founded_on=dt.date(2018, 3, 1))
    members = [t.member(new) for _ in range(3)]
    Organisation.objects.filter(pk=new.pk).update(secretary=members[0])
    run = official_run(shipped_pack, 2018, {y["committee"]: 5, y["branch"]: 4, ling["committee"]: 1, c_org: 3,
                                            new: 3}, rectification={ling["committee"]})
    return {"yangshuo": y["committee"], "lingui": ling["committee"], "community": c_org, "new": new, "run": run}


def _row(calc, org):
    return calc.result.filter(calc.result["id"] == org.pk).row(0, named=True)


def test_lines_per_organisation_and_payer(city):
    calc = calculate(2018)
    village = _row(calc, city["yangshuo"])
    assert village["line|village_operating"] == 90000_00 and village["line|village_service"] == 50000_00
    assert village["line|stars"] == 20000_00 and village["stars_source"] == "assessment"
    assert village["line|increase"] == 0  # the base year
    assert village["total"] == 160000_00 and village["payer|county"] == 160000_00
    assert village["line|secretary_pay"] == 24000_00  # shown, not added
    weak = _row(calc, city["lingui"])
    assert weak["line|rectification"] == 10000_00 and weak["line|stars"] == 0
    community = _row(calc, city["community"])
    pay = Decimal(60000) * (1 + 1 + 2 * Decimal("0.9") + 3 * Decimal("0.8"))
    assert community["line|community_pay"] == engine.fen(pay)
    expected = engine.fen(pay) + 200000_00 + 10000_00
    assert community["total"] == expected
    assert community["payer|city"] == engine.fen(pay * Decimal("0.4")) + 80000_00 + 0  # stars: county only
    assert community["payer|city"] + community["payer|county"] == expected
    new = _row(calc, city["new"])
    assert (new["line|new_organisation"], new["line|secretary_allowance"], new["line|member_subsidy"]) == (
        2000_00, 1000_00, 300_00)
    assert new["line|stars"] == 0  # two-new organisations are not funded as villages
    # a branch sharing its village's host unit is not funded again
    assert calc.funded().filter(calc.funded()["id"] == city["run"].organisation_results.first().organisation_id
                                ).height <= 1


def test_published_rating_is_used_where_it_exists(city, two_counties, users):
    y = two_counties["yangshuo"]
    admin = users["admin"]
    rating_actions.take_step(y["township"], 2018, "propose", admin, {city["yangshuo"].pk: (3, "复核降级")})
    for township in ("450312100", "450302001"):
        rating_actions.take_step(t.region(township), 2018, "propose", admin)
    for county in ("450321", "450312", "450302"):
        rating_actions.take_step(t.region(county), 2018, "confirm", admin)
    assert _row(calculate(2018), city["yangshuo"])["stars_source"] == "assessment"  # not published yet
    rating_actions.take_step(t.region("450300"), 2018, "publish", admin)
    row = _row(calculate(2018), city["yangshuo"])
    assert (row["stars"], row["stars_source"], row["line|stars"]) == (3, "rating", 10000_00)


def test_a_changed_star_addition_moves_the_money(city, shipped_pack):
    changed = load_pack_text(SHIPPED.replace('version: "2018.', 'version: "2018.9', 1).replace(
        "additions: {1: 0, 2: 5000, 3: 10000, 4: 15000, 5: 20000}",
        "additions: {1: 0, 2: 5000, 3: 10000, 4: 15000, 5: 35000}"))
    official_run(changed, 2018, {city["yangshuo"]: 5})
    assert _row(calculate(2018), city["yangshuo"])["line|stars"] == 35000_00


def test_whatif_changes_parameters_without_storing(city):
    calc = calculate(2018, changes={"stars.5": 30000, "city_share": Decimal("0.5")})
    assert _row(calc, city["yangshuo"])["line|stars"] == 30000_00
    assert FundingResult.objects.count() == 0


@pytest.mark.parametrize("old,new,words", [
    ("shares: {city: 0.4, county: 0.6}\n      source: plan\n      spec: [GUAR-U-05]",
     "shares: {city: 0.4, county: 0.5}\n      source: plan\n      spec: [GUAR-U-05]", "add up to 0.9"),
    ("amount: 50000", "amount: -50000", "negative"),
    ("amount: 50000", "amount: 5000000000", "cannot be right"),
    ("per_member: 100", "per_member: -1", "negative"),
])
def test_bad_formulas_are_refused_at_load(old, new, words):
    assert old in SHIPPED
    with pytest.raises(PackError) as info:
        parse_pack(SHIPPED.replace(old, new, 1))
    assert words in str(info.value)


def test_stored_run_regions_and_explanation(city, two_counties):
    run = actions.compute_funding(2018)
    city_row = FundingRegion.objects.get(run=run, level="city")
    assert city_row.total == run.total == sum(r.total for r in FundingResult.objects.filter(run=run))
    county = FundingRegion.objects.get(run=run, region=two_counties["yangshuo"]["county"])
    assert county.payers["city"] + county.payers["county"] == int(county.total * 100)
    result = FundingResult.objects.get(run=run, organisation=city["yangshuo"])
    pack = run.pack_version.pack()
    lines = explain.explain(pack.funding, result.lines, result.inputs, {5: "五星级"}, 2018, "zh")
    codes = [ln.code for ln in lines]
    assert "model_site" in codes and "stars" in codes and "new_organisation" not in codes
    assert sum(ln.amount for ln in lines if ln.added) == result.total


def test_cli_json_and_xlsx(city, tmp_path, capsys):
    call_command("funding", "--year", "2018", "--format", "json", "--output", str(tmp_path / "f.json"))
    data = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert {o["name"] for o in data["organisations"]} >= {"阳朔测试社区党委", "阳朔测试企业党支部"}
    call_command("funding", "--year", "2018", "--format", "xlsx", "--output", str(tmp_path / "f.xlsx"))
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "f.xlsx")
    assert len(book.sheetnames) == 4 and book.worksheets[0].max_row == len(data["organisations"]) + 1


def test_a_published_model_site_gets_the_extra(city, two_counties, users):
    """M02 → M12: the model-site extra goes to the organisations on the year's published list (guifan.modelsites),
    to none before it is published; the explanation and the JSON say so."""
    from django.utils import timezone

    from guifan.modelsites.models import Nomination, Publication

    assert _row(calculate(2018), city["yangshuo"])["line|model_site"] == 0
    site = Nomination.objects.create(organisation=city["yangshuo"], year=2018, domain="R", nominated_level="township",
                                     state=Nomination.State.SELECTED, grade="city")
    assert _row(calculate(2018), city["yangshuo"])["line|model_site"] == 0  # selected, not yet published
    Nomination.objects.filter(pk=site.pk).update(state=Nomination.State.PUBLISHED, published_at=timezone.now())
    Publication.objects.create(year=2018, sites=1)
    calc = calculate(2018)
    village = _row(calc, city["yangshuo"])
    assert village["line|model_site"] == 10000_00 and village["total"] == 170000_00
    assert _row(calc, city["lingui"])["line|model_site"] == 0
    from guifan.funding.export import as_json

    assert as_json(calc)["model_sites"] == 1
    run = actions.compute_funding(2018)
    result = FundingResult.objects.get(run=run, organisation=city["yangshuo"])
    assert result.inputs["model_site"] is True and result.lines["model_site"] == 10000_00
    from django.utils import translation

    with translation.override("en"):
        lines = explain.explain(run.pack_version.pack().funding, result.lines, result.inputs, {5: "五星级"}, 2018, "en")
    line = next(ln for ln in lines if ln.code == "model_site")
    assert line.amount == Decimal("10000.00") and "On the published model-site list" in line.how
