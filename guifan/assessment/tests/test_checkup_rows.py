"""One row builder (issue 8, item 2): the check-up page reads an organisation's figures as the stored run read them,
quarterly and monthly facts made one by their aggregate, so an unchanged organisation shows no "changed" flag
(ACT-G-01, the 三会一课 read by quarter and month) and a figure that really changed is flagged."""

import pytest
from django.urls import reverse

from guifan.assessment import selectors
from guifan.assessment.actions import run_assessment
from guifan.assessment.frame import build_frame
from guifan.facts.actions import get_report, set_values
from guifan.facts.models import Period
from guifan.testing import Client

from .meetings import SUB_YEAR_CRITERIA, YEAR, report_meetings

CHANGED = "changed since the run"


@pytest.fixture
def branch(two_counties, pack_version):
    branch = two_counties["yangshuo"]["branch"]
    report_meetings(branch, pack_version.pack())
    run_assessment(YEAR, pack_version=pack_version)
    return branch


def _checkup(user, org):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client.get(reverse("assessment:checkup", args=[org.pk]))


def test_an_unchanged_branch_with_quarterly_and_monthly_figures_shows_no_change(branch, users):
    response = _checkup(users["county"], branch)
    assert response.status_code == 200
    lines = {line.criterion.id: line for block in response.context["blocks"] for line in block.lines}
    for cid in SUB_YEAR_CRITERIA:
        assert (lines[cid].verdict, lines[cid].agrees) == ("pass", True), cid
    assert response.context["disagreements"] == []
    assert CHANGED not in response.content.decode()


def test_a_month_changed_after_the_run_is_flagged_on_its_criterion_only(branch, users):
    set_values(get_report(branch, Period.monthly(YEAR, 5)), {"party_group_meetings_min": 0})
    response = _checkup(users["county"], branch)
    assert [line.criterion.id for line in response.context["disagreements"]] == ["G-ACT-group-meetings"]
    assert CHANGED in response.content.decode()


def test_the_checkup_row_is_the_runs_row(branch, two_counties):
    run = selectors.official_run()
    frame = {r["id"]: r for r in build_frame(selectors.pack_of(run.pack_version), YEAR).to_dicts()}
    for org in (branch, two_counties["yangshuo"]["committee"], two_counties["lingui"]["branch"]):
        assert selectors.facts_row(run, org) == frame[f"org-{org.pk}"]
    assert selectors.facts_row(run, two_counties["yangshuo"]["group"]) is None  # party groups are not judged
