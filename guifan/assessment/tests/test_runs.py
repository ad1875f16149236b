"""Stored runs: results written, reproducible, rolled up as sum/sum; what-if runs never official."""

import io

import pytest
from django.core.management import call_command

from guifan.assessment.actions import run_assessment
from guifan.assessment.engine import plain
from guifan.assessment.frame import build_frame
from guifan.assessment.models import AssessmentRun, OrganisationResult, RegionResult

from .conftest import YEAR

TRAINING = "R-TEAM-secretary-training"


def _snapshot(run):
    orgs = {r.organisation_id: (r.total, r.stars, r.rectification, r.pillar_scores, r.verdicts)
            for r in run.organisation_results.all()}
    regions = {(r.region.code, r.level): (r.organisations, r.criteria, r.stars, r.rollups, r.coverage)
               for r in run.region_results.select_related("region")}
    return orgs, regions


def test_run_stores_one_result_per_judged_organisation(assessed):
    run, y = assessed["run"], assessed["yangshuo"]
    assert run.official and run.finished_at and run.input_hash and set(run.timings) >= {"frame", "engine", "write"}
    result = OrganisationResult.objects.get(run=run, organisation=y["committee"])
    assert result.verdicts[TRAINING] == ["fail", 40.0, 56.0, 16.0]
    assert OrganisationResult.objects.get(run=run, organisation=y["second"]).verdicts[TRAINING][0] == "pass"
    assert OrganisationResult.objects.get(run=run, organisation=assessed["lingui"]["committee"]).verdicts[
        TRAINING] == ["pass", 60.0, 56.0, -4.0]
    # The branch under the village committee is judged on what every branch does, not on the village's criteria.
    branch = OrganisationResult.objects.get(run=run, organisation=y["branch"])
    assert TRAINING not in branch.verdicts and branch.verdicts
    assert not OrganisationResult.objects.filter(run=run, organisation=y["group"]).exists()
    assert run.organisations == OrganisationResult.objects.filter(run=run).count() == 5
    assert RegionResult.objects.filter(run=run, region__code="450300", level="city").exists()


def test_same_pack_and_figures_give_same_hash_and_results(assessed, pack_version):
    first = assessed["run"]
    second = run_assessment(YEAR, pack_version=pack_version)
    assert second.pk != first.pk and second.input_hash == first.input_hash
    assert _snapshot(second) == _snapshot(first)
    report = assessed["yangshuo"]["committee"].fact_reports.get()
    report.derived = {**report.derived, "secretary_training_hours": 57}
    report.save()
    third = run_assessment(YEAR, pack_version=pack_version)
    assert third.input_hash != first.input_hash
    changed = third.organisation_results.get(organisation=assessed["yangshuo"]["committee"])
    assert changed.verdicts[TRAINING][0] == "pass"


def test_region_rates_are_sums_over_sums(assessed):
    run = assessed["run"]
    county = RegionResult.objects.get(run=run, region__code="450321", level="county")
    rows = OrganisationResult.objects.filter(run=run, organisation__region__path__startswith=county.region.path)
    for cid, (passed, judged) in county.criteria.items():
        verdicts = [r.verdicts[cid][0] for r in rows if cid in r.verdicts]
        assert (passed, judged) == (verdicts.count("pass"), len(verdicts))
    assert county.criteria[TRAINING] == [1, 2]
    city = RegionResult.objects.get(run=run, level="city")
    counties = RegionResult.objects.filter(run=run, level="county")
    for cid, (passed, judged) in city.criteria.items():
        assert passed == sum(c.criteria.get(cid, [0, 0])[0] for c in counties)
        assert judged == sum(c.criteria.get(cid, [0, 0])[1] for c in counties)
    assert city.rate(TRAINING) == pytest.approx(2 / 3)
    assert sum(city.stars.values()) == city.organisations == 5


def test_approved_only_reads_approved_figures(assessed, pack_version):
    run = run_assessment(YEAR, pack_version=pack_version, approved_only=True)
    assert run.approved_only and run.input_hash != assessed["run"].input_hash
    lingui = assessed["lingui"]["committee"]
    official = assessed["run"].organisation_results.get(organisation=lingui).verdicts["R-SVC-service-system"]
    assert official[0] == "fail"  # has_service_hall reported false, submitted, not approved
    assert run.organisation_results.get(organisation=lingui).verdicts["R-SVC-service-system"][0] == "not_reported"
    # Facts derived from the records (the training hours) are read either way.
    verdict = run.organisation_results.get(organisation=assessed["yangshuo"]["committee"]).verdicts[TRAINING]
    assert verdict[0] == "fail"


def test_whatif_runs_are_never_official(assessed, pack_version):
    overrides = {TRAINING: {"threshold": 60}}
    with pytest.raises(ValueError):
        run_assessment(YEAR, pack_version=pack_version, overrides=overrides)
    run = run_assessment(YEAR, pack_version=pack_version, overrides=overrides, official=False)
    assert not run.official and run.overrides == {TRAINING: {"threshold": 60}}
    assert run.input_hash == assessed["run"].input_hash
    lingui = run.organisation_results.get(organisation=assessed["lingui"]["committee"])
    assert lingui.verdicts[TRAINING] == ["pass", 60.0, 60.0, 0.0]
    second = run.organisation_results.get(organisation=assessed["yangshuo"]["second"])
    assert second.verdicts[TRAINING] == ["fail", 58.0, 60.0, 2.0]
    assert AssessmentRun.objects.official().first() == assessed["run"]


def test_stored_verdicts_agree_with_the_plain_evaluator(assessed, pack_version):
    pack = pack_version.pack()
    frame = build_frame(pack, YEAR)
    stored = {f"org-{r.organisation_id}": r for r in assessed["run"].organisation_results.all()}
    for row in frame.to_dicts():
        if row["id"] not in stored:
            continue
        again = plain.assess_organisation(pack, row)
        assert again.total == pytest.approx(stored[row["id"]].total)
        for r in again.results:
            if r.verdict != "not_applicable":
                assert stored[row["id"]].verdicts[r.criterion.id][0] == r.verdict


def test_assess_command_prints_the_summary(two_counties, pack_version):
    from guifan.facts.models import FactReport, Period

    FactReport.objects.create(organisation=two_counties["yangshuo"]["committee"], period=Period.yearly(YEAR),
                              derived={"secretary_training_hours": 10})
    out = io.StringIO()
    call_command("assess", "--year", str(YEAR), stdout=out)
    text = out.getvalue()
    assert "100% write done" in text and "organisations judged: 4" in text
    assert "rectification candidates" in text and "TEAM" in text and "time: pack" in text
    assert AssessmentRun.objects.official().count() == 1


def test_whatif_reads_the_figures_the_official_run_judged(assessed, pack_version, settings):
    """The official run keeps its input frame beside the database; the what-if over it reads that file (the figures
    the run judged), and builds the frame again when the file is gone."""
    from guifan.assessment import run_frames
    from guifan.assessment.frame import build_frame, input_hash
    from guifan.assessment.whatif_page import judged_frame

    run = assessed["run"]
    assert run_frames.path_of(run).exists()
    pack = pack_version.pack()
    kept = judged_frame(pack_version, pack, YEAR, False, None)
    assert input_hash(kept) == run.input_hash
    county = assessed["yangshuo"]["county"]
    within = judged_frame(pack_version, pack, YEAR, False, county)
    assert 0 < within.height < kept.height and set(within["county"].to_list()) == {county.code}
    report = assessed["yangshuo"]["committee"].fact_reports.get()
    report.derived = {**report.derived, "secretary_training_hours": 99}
    report.save()
    assert input_hash(judged_frame(pack_version, pack, YEAR, False, None)) == run.input_hash  # the run's figures
    run_frames.path_of(run).unlink()
    rebuilt = judged_frame(pack_version, pack, YEAR, False, None)
    assert input_hash(rebuilt) == input_hash(build_frame(pack, YEAR)) != run.input_hash


def test_a_new_official_run_deletes_the_frames_it_supersedes(assessed, pack_version, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    """Only the newest official run's frame is read, so the older runs' files of the same year go on commit; an
    approved-only run is another key and keeps its file."""
    from guifan.assessment import actions, run_frames

    # The run's other commit callback, ANALYZE, waits on MariaDB for the test's own open transaction.
    monkeypatch.setattr(actions, "_analyze", lambda run: None)

    first = assessed["run"]
    with django_capture_on_commit_callbacks(execute=True):
        approved = run_assessment(YEAR, pack_version=pack_version, approved_only=True)
    assert run_frames.path_of(first).exists() and run_frames.path_of(approved).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second = run_assessment(YEAR, pack_version=pack_version)
    assert run_frames.path_of(second).exists() and run_frames.path_of(approved).exists()
    assert not run_frames.path_of(first).exists()
