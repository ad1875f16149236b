"""The plan's boundaries (超过 strict, 不少于 inclusive), missing values, and `guifan evaluate` end to end."""

import json

import pytest
from django.core.management import call_command

from guifan.assessment.engine import frames, plain, vectorised
from guifan.standards.pack import load_pack

PACK = load_pack("guilin-2018")
VILLAGE = {"domain": "R", "kind": "general_branch", "host_kind": "admin_village", "primary": True,
           "township": "450321100", "county": "450321", "city": "450300"}
V10R_YES = {item["fact"]: True for item in PACK.checklists["V10R"]["items"] if "fact" in item}


def both(criterion_id, facts):
    """The verdict of one criterion for one village, from each evaluator (they must agree)."""
    criterion = PACK.criterion(criterion_id)
    row = frames.check_records(PACK, [{"id": "v1", **VILLAGE, "facts": facts}])[0]
    fast = vectorised.assess(PACK, frames.rows_to_frame(PACK, [row])).organisations.row(0, named=True)
    slow = plain.judge(criterion, row)
    assert ["pass", "fail", "not_reported", "not_applicable"][fast[f"{criterion_id}|v"]] == slow.verdict
    return slow


@pytest.mark.parametrize("area, verdict", [(200, "fail"), (200.0001, "pass"), (199, "fail"), (1000, "pass")])
def test_more_than_200_square_metres_is_strict(area, verdict):
    assert both("R-GUAR-venue", {**V10R_YES, "venue_area_m2": area}).verdict == verdict


@pytest.mark.parametrize("hours, verdict", [(56, "pass"), (55.9999, "fail"), (57, "pass")])
def test_not_less_than_56_hours_is_inclusive(hours, verdict):
    result = both("R-TEAM-secretary-training", {"secretary_training_hours": hours})
    assert result.verdict == verdict
    assert result.threshold == 56 and result.gap == pytest.approx(56 - hours)


def test_a_missing_figure_is_never_a_pass():
    assert both("R-TEAM-secretary-training", {}).verdict == "not_reported"
    venue = both("R-GUAR-venue", {**V10R_YES, "venue_area_m2": None})
    assert venue.verdict == "not_reported" and venue.actual == 11 and venue.gap == 1
    # a missing item next to a failed one is a failure: what is known already fails
    assert both("R-GUAR-venue", {**V10R_YES, "v10r_flags": False, "venue_area_m2": None}).verdict == "fail"


def test_one_percent_of_staff_is_exact_at_the_boundary():
    agency = {"id": "a1", "domain": "A", "kind": "committee", "host_kind": "agency", "county": "450321"}
    for staff, fulltime, verdict in [(700, 7, "pass"), (701, 7, "fail"), (201, 3, "pass"), (200, 2, "pass")]:
        facts = {"staff_total": staff, "fulltime_party_staff": fulltime}
        row = frames.check_records(PACK, [{**agency, "facts": facts}])
        fast = vectorised.assess(PACK, frames.rows_to_frame(PACK, row)).organisations.row(0, named=True)
        assert ["pass", "fail"][fast["A-TEAM-fulltime-staff|v"]] == verdict == plain.judge(
            PACK.criterion("A-TEAM-fulltime-staff"), row[0]).verdict


def test_rollup_share_of_studios_per_urban_district():
    rows = [{"id": f"c{i}", "domain": "U", "kind": "committee", "host_kind": "community", "county": "450302",
             "facts": {"in_urban_district": True, "has_member_studio": i < 3}} for i in range(10)]
    checked = frames.check_records(PACK, rows)
    regions = vectorised.assess(PACK, frames.rows_to_frame(PACK, checked)).regions
    studio = regions.filter(criterion="U-SVC-member-studio-share").row(0, named=True)
    assert (studio["verdict"], studio["actual"], studio["children"]) == ("pass", 0.3, 10)


def test_evaluate_command_reads_csv_and_writes_json_and_xlsx(tmp_path, capsys):
    source = tmp_path / "orgs.csv"
    source.write_text("id,domain,kind,host_kind,township,county,city,secretary_training_hours,venue_area_m2\n"
                      "v1,R,general_branch,admin_village,450321100,450321,450300,56,200\n"
                      "v2,R,,admin_village,450321100,450321,450300,,\n", encoding="utf-8")
    call_command("evaluate", "--pack", "guilin-2018", "--input", str(source), "--format", "json")
    out = json.loads(capsys.readouterr().out)
    first = {r["criterion"]: r for r in out["organisations"][0]["results"]}
    assert first["R-TEAM-secretary-training"]["verdict"] == "pass"
    assert first["R-GUAR-venue"]["verdict"] == "fail"
    rate = next(r for r in out["regions"] if r["criterion"] == "R-ORG-village-organisation-rate")
    assert rate["children"] == 2
    target = tmp_path / "out.xlsx"
    call_command("evaluate", "--pack", "guilin-2018", "--input", str(source), "--format", "xlsx",
                 "--output", str(target))
    from openpyxl import load_workbook

    assert load_workbook(target).sheetnames == ["scores", "results", "regions"]


def test_bad_input_names_the_record():
    with pytest.raises(frames.InputError, match="record 1: v1: fact venue_area_m2: 'big' is out of range|not"):
        frames.check_records(PACK, [{"id": "v1", **VILLAGE, "facts": {"venue_area_m2": "big"}}])
    with pytest.raises(frames.InputError, match="'colour' is not a fact"):
        frames.check_records(PACK, [{"id": "v1", **VILLAGE, "colour": "red"}])
