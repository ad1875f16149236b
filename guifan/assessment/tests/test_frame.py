import polars as pl
import pytest

from guifan import testing as t
from guifan.assessment.actions import run_assessment
from guifan.assessment.engine import vectorised
from guifan.assessment.engine.frames import frame_schema
from guifan.assessment.engine.verdicts import FAIL, NOT_APPLICABLE
from guifan.assessment.frame import build_frame, coverage_hosts, input_hash
from guifan.facts.actions import get_report, set_values
from guifan.facts.derived import derive_facts
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import HostUnit
from guifan.standards.selectors import ensure_shipped_pack_loaded


@pytest.fixture
def pack(db):
    return ensure_shipped_pack_loaded().pack()


@pytest.fixture
def register(pack, two_counties, users):
    period = Period.yearly(2018)
    empty_village = t.host_unit("450312100", HostUnit.Kind.ADMIN_VILLAGE, name="无组织村")
    t.host_unit("450312100", HostUnit.Kind.ENTERPRISE, name="小企业", headcount=5)
    derive_facts(pack, period)
    y = two_counties["yangshuo"]
    report = get_report(y["committee"], period)
    set_values(report, {"member_poor_households": 0, "venue_area_m2": "201"}, users["township"])
    t.submit_and_approve(report, users["organisation"], users["township"])
    set_values(get_report(two_counties["lingui"]["committee"], period), {"member_poor_households": 2})
    return {"empty_village": empty_village, **two_counties}


def test_frame_rows_and_values(pack, register):
    frame = build_frame(pack, 2018)
    assert frame.schema == pl.Schema(frame_schema(pack))
    y, lg = register["yangshuo"], register["lingui"]
    rows = {r["id"]: r for r in frame.to_dicts()}
    org_ids = {f"org-{o.pk}" for c in (y, lg) for o in (c["committee"], c["branch"])}
    unit_id = f"unit-{register['empty_village'].pk}"
    assert set(rows) >= org_ids | {unit_id}
    assert not any(i == f"org-{y['group'].pk}" for i in rows)  # party groups are not rows
    committee = rows[f"org-{y['committee'].pk}"]
    assert {k: committee[k] for k in ("domain", "kind", "host_kind", "primary", "township", "county", "city")} == {
        "domain": "R", "kind": "general_branch", "host_kind": "admin_village", "primary": True,
        "township": "450321100", "county": "450321", "city": "450300"}
    assert committee["member_poor_households"] == 0 and committee["venue_area_m2"] == 201
    assert committee["members_total"] == 4 and committee["in_urban_district"] is None
    assert rows[f"org-{y['branch'].pk}"]["primary"] is False
    unit = rows[unit_id]
    assert (unit["kind"], unit["host_kind"], unit["has_party_organisation"], unit["county"]) == (
        "none", "admin_village", False, "450312")
    hosts = coverage_hosts(pack)
    assert all(r["host_kind"] in hosts for r in rows.values() if r["kind"] == "none")


def test_approved_only_drops_unapproved_reported_values(pack, register):
    lingui = f"org-{register['lingui']['committee'].pk}"
    every = build_frame(pack, 2018).filter(pl.col("id") == lingui)
    approved = build_frame(pack, 2018, approved_only=True).filter(pl.col("id") == lingui)
    assert every["member_poor_households"].to_list() == [2]
    assert approved["member_poor_households"].to_list() == [None]
    assert approved["members_total"].to_list() == [4]  # derived from the register either way


def test_region_scope(pack, register):
    frame = build_frame(pack, 2018, region=register["yangshuo"]["county"])
    assert set(frame["county"].to_list()) == {"450321"}


def test_input_hash_is_stable_and_follows_the_facts(pack, register, users):
    frame = build_frame(pack, 2018)
    assert input_hash(frame) == input_hash(build_frame(pack, 2018)) == input_hash(frame.reverse())
    set_values(get_report(register["lingui"]["committee"], Period.yearly(2018)), {"member_poor_households": 3})
    assert input_hash(build_frame(pack, 2018)) != input_hash(frame)


def test_the_engine_judges_the_frame(pack, register):
    period = Period.yearly(2018)
    set_values(get_report(register["lingui"]["committee"], period), {"member_poor_households_lifted": 1})
    frame = build_frame(pack, 2018)
    result = vectorised.assess(pack, frame)
    orgs = {r["id"]: r for r in result.organisations.to_dicts()}
    y, lg = register["yangshuo"]["committee"].pk, register["lingui"]["committee"].pk
    assert orgs[f"org-{y}"]["R-TEAM-member-poor-households|v"] == NOT_APPLICABLE  # no poor household: nothing due
    assert orgs[f"org-{lg}"]["R-TEAM-member-poor-households|v"] == FAIL
    village_rate = result.regions.filter((pl.col("criterion") == "R-ORG-village-organisation-rate")
                                         & (pl.col("code") == "450312100"))
    assert village_rate["verdict"].to_list() in (["fail"], [FAIL])  # one of its two villages has no organisation


def test_a_document_with_a_value_the_store_never_writes_is_read_value_by_value(pack, register):
    """A nested value (not a figure) in a report's JSON is missing; the report's other figures are still read."""
    report = get_report(register["yangshuo"]["committee"], Period.yearly(2018))
    FactReport.objects.filter(pk=report.pk).update(
        values={**report.values, "member_poor_households": {"n": 0}, "venue_area_m2": 250})
    row = build_frame(pack, 2018).filter(pl.col("id") == f"org-{register['yangshuo']['committee'].pk}").row(
        0, named=True)
    assert row["member_poor_households"] is None and row["venue_area_m2"] == 250


def test_last_years_stars_come_from_the_latest_official_run_of_that_year(pack, register):
    """ORG-R-04 compares this year's five-star share with last year's: `stars_previous_year` (source: assessment)."""
    committee = f"org-{register['yangshuo']['committee'].pk}"
    assert build_frame(pack, 2018).filter(pl.col("id") == committee)["stars_previous_year"].to_list() == [None]
    derive_facts(pack, Period.yearly(2017))
    earlier = run_assessment(2017, pack_version=ensure_shipped_pack_loaded())
    run_assessment(2017, pack_version=ensure_shipped_pack_loaded(), official=False,
                   overrides={"R-TEAM-secretary-training": {"threshold": 1}})  # a what-if run is not read
    stars = dict(earlier.organisation_results.values_list("organisation_id", "stars"))
    frame = {r["id"]: r for r in build_frame(pack, 2018).to_dicts()}
    assert stars and all(frame[f"org-{pk}"]["stars_previous_year"] == s for pk, s in stars.items())
    assert all(r["stars_previous_year"] is None for r in frame.values() if r["kind"] == "none")
