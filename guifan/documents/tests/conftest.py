"""The two counties of the root conftest with an official 2018 run stored as the engine stores it (阳朔's committee
five stars, its branch one star and on the weak and lax list with a task due, 临桂's committee three stars)."""

import datetime as dt

import pytest
from django.utils import timezone

from guifan import testing as t
from guifan.assessment.models import AssessmentRun, OrganisationResult

YEAR = 2018
DEADLINE = dt.date(2018, 12, 31)


@pytest.fixture
def stored(two_counties, users):
    from guifan.rectification.models import Listing, Task
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    y, ling = two_counties["yangshuo"], two_counties["lingui"]
    now = timezone.now()
    run = AssessmentRun.objects.create(pack_version=ensure_shipped_pack_loaded(), year=YEAR, input_hash="0" * 64,
                                       started_at=now, finished_at=now, organisations=3)
    OrganisationResult.objects.bulk_create([
        OrganisationResult(run=run, organisation=y["committee"], stars=5, total=95.0, verdicts={}),
        OrganisationResult(run=run, organisation=y["branch"], stars=1, total=40.0, rectification=True,
                           verdicts={"G-ACT-member-meetings": ["fail", 1, 4, 3]}),
        OrganisationResult(run=run, organisation=ling["committee"], stars=3, total=70.0, verdicts={}),
    ])
    listing = Listing.objects.create(organisation=y["branch"], year=YEAR, source=Listing.Source.NAMED,
                                     state=Listing.State.CONFIRMED, reason="会议不正常", run=run, stars=1)
    Task.objects.create(listing=listing, title="按时召开党员大会", deadline=dt.date(2018, 11, 30))
    return {**two_counties, "run": run, "listing": listing, "city": t.region("450300")}
