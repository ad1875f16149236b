"""A unit whose deciding figure is missing makes its region "not reported" with the count, for every roll-up of the
pack (ORG-R-01, ORG-R-02, ORG-R-04, ORG-N-01..04, TEAM-N-01, SVC-U-03, GUAR-U-01); never a pass, never a silent no."""

import itertools
from types import SimpleNamespace

import polars as pl
import pytest

from guifan.assessment.engine import frames, plain, vectorised
from guifan.assessment.engine.synthetic import HOSTS
from guifan.assessment.engine.verdicts import rollup_measures, rollup_reads
from guifan.standards.pack import load_pack

PACK = load_pack("guilin-2018")
REGION = {"township": "450321100", "county": "450321", "city": "450300"}
NUMBERS = [0.0, 1.0, 5.0, 30.0, 50.0, 100.0, 200.0, 1000.0, 2000.0]


def judged(criterion, rows: list[dict]) -> dict:
    """The criterion's result for the one region of `rows` at its level, from both evaluators (which must agree)."""
    view = SimpleNamespace(rollup_criteria=[criterion])
    stars = [r.get("stars") for r in rows]
    frame = frames.rows_to_frame(PACK, [{k: v for k, v in r.items() if k not in ("stars", "score")} for r in rows])
    enriched = frame.with_columns(pl.Series("stars", stars, dtype=pl.Float64),
                                  pl.Series("score", [r.get("score") for r in rows], dtype=pl.Float64))
    fast = vectorised.assess_regions(view, enriched).to_dicts()
    results = [SimpleNamespace(id=r["id"], stars=r.get("stars"), total=r.get("score")) for r in rows]
    slow = plain.assess_regions(view, rows, results)
    assert len(fast) == len(slow) == 1
    for key in ("verdict", "children", "missing", "actual", "threshold", "gap"):
        assert fast[0][key] == slow[0][key], (key, fast[0], slow[0])
    return slow[0]


def child(criterion, index: int, figures: dict) -> dict:
    """A unit the criterion's applies covers (its first domain, host kind and organisation kind), with `figures`."""
    applies = criterion.applies
    domain = (applies.domains or ("R",))[0]
    return {"id": f"u{index}", "domain": domain, "kind": (applies.kinds or ("committee",))[0],
            "host_kind": (applies.hosts or HOSTS[domain])[0], "primary": True, **REGION, **figures}


def candidates(code: str) -> list:
    if code == "stars":
        return [1.0, 3.0, 5.0]
    if code == "score":
        return [0.0, 50.0, 100.0]
    fact = PACK.facts[code]
    return [True, False] if fact.type == "boolean" else list(fact.values) if fact.type == "enum" else NUMBERS


def figures_for(criterion, verdict: str) -> dict:
    """The first figures of one unit that give a region of such units `verdict` (searched, so a new roll-up of the
    pack is covered without writing its figures here)."""
    codes = rollup_reads(criterion)
    for values in itertools.product(*(candidates(c) for c in codes)):
        figures = dict(zip(codes, values, strict=True))
        if plain.assess_regions(SimpleNamespace(rollup_criteria=[criterion]), [child(criterion, 0, figures)],
                                [SimpleNamespace(id="u0", stars=figures.get("stars"), total=figures.get("score"))]
                                )[0]["verdict"] == verdict:
            return figures
    raise AssertionError(f"{criterion.id}: no figures give {verdict!r}; teach candidates() its facts")


def deciding(criterion, row: dict) -> bool:
    """Is a deciding figure of this unit missing: its `where` unknown, or (once in) a measured argument unknown?"""
    where = True if criterion.applies.where is None else plain.value(criterion.applies.where, row)
    return where is None or (where is True and any(plain.value(m, row) is None for m in rollup_measures(criterion)))


@pytest.mark.parametrize("criterion", PACK.rollup_criteria, ids=lambda c: c.id)
@pytest.mark.parametrize("verdict", ["pass", "fail"])
def test_a_region_with_one_unit_missing_a_figure_is_not_reported(criterion, verdict):
    figures = figures_for(criterion, verdict)
    region = [child(criterion, i, figures) for i in range(3)]
    complete = judged(criterion, region)
    assert (complete["verdict"], complete["children"], complete["missing"]) == (verdict, 3, 0)
    tried = 0
    for code in rollup_reads(criterion):
        gap = [{**region[0], code: None}, *region[1:]]
        if not deciding(criterion, gap[0]):
            continue
        tried += 1
        result = judged(criterion, gap)
        assert (result["verdict"], result["missing"]) == ("not_reported", 1), (code, result)
        assert result["actual"] is None and result["gap"] is None
    assert tried, f"{criterion.id}: no figure it reads decides its verdict"


@pytest.mark.parametrize("criterion", PACK.rollup_criteria, ids=lambda c: c.id)
def test_a_region_whose_only_unit_lacks_its_figure_is_not_reported_not_skipped(criterion):
    """A county whose one enterprise has no headcount cannot be 'no enterprise with 100 staff, not applicable'."""
    figures = {code: None for code in rollup_reads(criterion)}
    result = judged(criterion, [child(criterion, 0, figures), child(criterion, 1, figures)])
    in_without_filter = 2 if criterion.applies.where is None else 0
    assert (result["verdict"], result["children"], result["missing"]) == ("not_reported", in_without_filter, 2)


def test_a_county_does_not_reach_full_coverage_by_not_reporting_a_headcount():
    """ORG-N-02: the covered enterprise passes alone; an uncovered one without a headcount makes it not reported."""
    criterion = PACK.criterion("N-ORG-enterprise-coverage")
    covered = child(criterion, 0, {"staff_total": 150.0, "has_party_organisation": True})
    uncovered = {**child(criterion, 1, {"has_party_organisation": False}), "kind": "none"}
    assert judged(criterion, [covered])["verdict"] == "pass"
    result = judged(criterion, [covered, {**uncovered, "staff_total": None}])
    assert (result["verdict"], result["children"], result["missing"]) == ("not_reported", 1, 1)
    assert judged(criterion, [covered, {**uncovered, "staff_total": 150.0}])["verdict"] == "fail"
    assert judged(criterion, [covered, {**uncovered, "staff_total": 80.0}])["verdict"] == "pass"


# ORG-U-02: 普遍在社区建立党委（党总支）— only where the member count allows a general branch.
COMMUNITY = {"id": "c1", "domain": "U", "kind": "branch", "host_kind": "community", "primary": True, **REGION}


def community_verdict(pack, facts: dict) -> str:
    criterion = pack.criterion("U-ORG-community-committee")
    row = frames.check_records(pack, [{**COMMUNITY, "facts": facts}])[0]
    fast = vectorised.assess(pack, frames.rows_to_frame(pack, [row])).organisations.row(0, named=True)
    slow = plain.judge(criterion, row)
    assert ["pass", "fail", "not_reported", "not_applicable"][fast[f"{criterion.id}|v"]] == slow.verdict
    return slow.verdict


@pytest.mark.parametrize("members, has_one, verdict", [
    (49, False, "not_applicable"), (12, True, "not_applicable"), (50, False, "fail"), (50, True, "pass"),
    (180, False, "fail"), (None, False, "not_reported"),
])
def test_community_committee_is_judged_only_where_members_allow_a_general_branch(members, has_one, verdict):
    facts = {"members_total": members, "is_committee_or_general_branch": has_one}
    assert community_verdict(PACK, facts) == verdict


def test_community_committee_threshold_is_the_packs_set_up_rule():
    assert PACK.criterion("U-ORG-community-committee").applies.when.right.code == "general_branch_min_members"
    from guifan.standards.pack import parse_pack, resolve_pack_path

    text = resolve_pack_path("guilin-2018").read_text(encoding="utf-8")
    assert text.count("general_branch: {min_members: 50}") == 1
    stricter = parse_pack(text.replace("general_branch: {min_members: 50}", "general_branch: {min_members: 60}"))
    facts = {"members_total": 55, "is_committee_or_general_branch": False}
    assert community_verdict(PACK, facts) == "fail"
    assert community_verdict(stricter, facts) == "not_applicable"


def test_the_stored_county_result_and_its_page_name_the_units_missing_a_figure(two_counties, users, pack_version):
    """ORG-N-02 on the register: an enterprise of 阳朔 without an organisation and without a headcount."""
    from django.urls import reverse

    from guifan import testing as t
    from guifan.assessment.actions import run_assessment
    from guifan.assessment.models import RegionResult
    from guifan.orgs.models import HostUnit
    from guifan.testing import Client

    enterprise = t.host_unit("450321100", HostUnit.Kind.ENTERPRISE, name="阳朔某公司", headcount=None)
    run = run_assessment(2018, pack_version=pack_version)
    county = RegionResult.objects.get(run=run, region__code="450321", level="county")
    verdict, actual, _threshold, _gap, children, missing = county.rollups["N-ORG-enterprise-coverage"]
    assert (verdict, actual, children, missing) == ("not_reported", None, 0, 1)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(users["county"])
    text = client.get(reverse("assessment:region", args=["450321"])).content.decode()
    line = text[text.index('id="missing-N-ORG-enterprise-coverage"'):]
    assert line[:line.index("</span>")].split(">", 1)[1].startswith("1 个单位未填报")
    assert "职工（从业人员、工作人员）总数" in line[:line.index("</span>")]

    enterprise.headcount = 120  # reported: an uncovered enterprise of 120 staff fails the county
    enterprise.save()
    run = run_assessment(2018, pack_version=pack_version)
    county = RegionResult.objects.get(run=run, region__code="450321", level="county")
    assert county.rollups["N-ORG-enterprise-coverage"][0] == "fail"
    assert county.rollups["N-ORG-enterprise-coverage"][5] == 0
