"""The weak and lax list over the two counties of the root conftest: an official run stored as the engine stores it
(stars and verdicts per organisation) so that a test states the result it needs; one test runs the engine itself."""

import datetime as dt

import pytest
from django.utils import timezone

from guifan.assessment.models import AssessmentRun, OrganisationResult

YEAR = 2018
TODAY = dt.date(2018, 6, 1)


@pytest.fixture
def pack_version(db):
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    return ensure_shipped_pack_loaded()


def stored_run(pack_version, results: dict, year=YEAR) -> AssessmentRun:
    """An official finished run with {organisation: (stars, verdicts)}."""
    now = timezone.now()
    run = AssessmentRun.objects.create(pack_version=pack_version, year=year, input_hash="0" * 64, started_at=now,
                                       finished_at=now, organisations=len(results))
    OrganisationResult.objects.bulk_create([
        OrganisationResult(run=run, organisation=org, stars=stars, total=stars * 20.0,
                           rectification=stars <= 1, verdicts=verdicts) for org, (stars, verdicts) in results.items()])
    return run


FAILED_MEETINGS = {"G-ACT-member-meetings": ["fail", 1, 4, 3], "G-ACT-party-lectures": ["fail", 0, 4, 4],
                   "G-ORG-network": ["pass", 1, 1, 0]}


@pytest.fixture
def listed(two_counties, users, pack_version):
    """阳朔's village committee in the lowest band with two meetings criteria failed, 临桂's fine; one run."""
    y, lingui = two_counties["yangshuo"]["committee"], two_counties["lingui"]["committee"]
    y.secretary = two_counties["yangshuo"]["members"][0]
    y.save()
    lingui.secretary = two_counties["lingui"]["members"][0]
    lingui.save()
    run = stored_run(pack_version, {y: (1, FAILED_MEETINGS), lingui: (4, {"G-ORG-network": ["pass", 1, 1, 0]})})
    from guifan.orgs import rollups

    rollups.rebuild()  # the ancestor table the region counts group by
    return {**two_counties, "run": run, "org_y": y, "org_l": lingui}
