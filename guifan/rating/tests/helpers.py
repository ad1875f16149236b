"""Official runs with known stars for the two counties' organisations (no engine: programmes read stored results)."""

import datetime as dt

from django.utils import timezone

from guifan.assessment.models import AssessmentRun, OrganisationResult


def official_run(pack_version, year: int, stars: dict, rectification=()) -> AssessmentRun:
    """An official finished run of `year` with {organisation: stars}."""
    now = timezone.now()
    run = AssessmentRun.objects.create(pack_version=pack_version, year=year, input_hash=f"test{year}",
                                       started_at=now - dt.timedelta(seconds=1), finished_at=now)
    OrganisationResult.objects.bulk_create([
        OrganisationResult(run=run, organisation=org, total=20.0 * s - 5, stars=s, rectification=org in rectification)
        for org, s in stars.items()])
    return run
