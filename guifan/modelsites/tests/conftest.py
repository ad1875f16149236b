"""Model sites over the two counties of the root conftest: an official run stored as the engine stores it (stars and
verdicts per organisation) so that a test states the result it needs."""

import pytest
from django.utils import timezone

from guifan.assessment.models import AssessmentRun, OrganisationResult

YEAR = 2018
# The rural creation standard's criteria of the shipped pack (model_sites.kinds[R].must_pass), all passed.
RURAL = ("G-ORG-elections", "G-ACT-member-meetings", "G-ACT-party-lectures", "R-SVC-service-system", "R-GUAR-venue")
PASSED = {c: ["pass", 1, 1, 0] for c in RURAL}


@pytest.fixture
def pack_version(db):
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    return ensure_shipped_pack_loaded()


def stored_run(pack_version, results: dict, year=YEAR) -> AssessmentRun:
    """An official finished run with {organisation: (stars, verdicts)} (or (stars, verdicts, rectification))."""
    now = timezone.now()
    run = AssessmentRun.objects.create(pack_version=pack_version, year=year, input_hash="0" * 64, started_at=now,
                                       finished_at=now, organisations=len(results))
    OrganisationResult.objects.bulk_create([
        OrganisationResult(run=run, organisation=org, stars=v[0], total=v[0] * 20.0,
                           rectification=v[2] if len(v) > 2 else False, verdicts=v[1])
        for org, v in results.items()])
    return run


@pytest.fixture
def sites(two_counties, users, pack_version):
    """阳朔's and 临桂's village committees with a secretary; 阳朔's five stars and every criterion passed, 临桂's
    four stars; one official run; the ancestor table the region counts group by."""
    y, lingui = two_counties["yangshuo"]["committee"], two_counties["lingui"]["committee"]
    for org, key in ((y, "yangshuo"), (lingui, "lingui")):
        org.secretary = two_counties[key]["members"][0]
        org.save()
    run = stored_run(pack_version, {y: (5, PASSED), lingui: (4, PASSED)})
    from guifan.orgs import rollups

    rollups.rebuild()
    return {**two_counties, "run": run, "org_y": y, "org_l": lingui}
