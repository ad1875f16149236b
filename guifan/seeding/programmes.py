"""The sample city's programmes on stored results (issue 13): ratings and floating funding.

2017 (closed): every township proposes, every county confirms, the city publishes. 2018 (the living year): the
townships of the first county propose (one level changed with its reason) and that county confirms; half the
townships of the second county propose (a sample of one county: its townships propose, nothing is confirmed);
nothing published yet, so 2018's funding reads the official assessment's
stars, and says so. Then each year's funding is computed and stored. Run by `guifan seed_programmes` (the
"programmes" phase of `guifan demo_setup`); idempotent: a year already rated or funded is left as it is.
"""

from __future__ import annotations

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.funding.actions import compute_funding
from guifan.funding.models import FundingRun
from guifan.rating import actions as rating
from guifan.rating.models import Rating
from guifan.regions.models import Region

REASON = "乡镇党委复核：该党组织年内党员大会记录已补齐，经实地核查，建议上调一个星级"


def _regions_with_results(run, level: str) -> list[Region]:
    codes = set()
    paths = (OrganisationResult.objects.filter(run=run, stars__isnull=False)
             .values_list("organisation__region__path", flat=True).distinct())
    depth = {"county": 2, "township": 3}[level]
    for path in paths:
        parts = path.strip("/").split("/")
        if len(parts) >= depth:
            codes.add(parts[depth - 1])
    return list(Region.objects.filter(code__in=codes, level=level).order_by("code"))


def rate_year(year: int, *, complete: bool) -> dict:
    run = AssessmentRun.objects.official().filter(year=year).first()
    if run is None or Rating.objects.filter(year=year).exists():
        return {"steps": 0}
    counties = _regions_with_results(run, "county")
    townships = _regions_with_results(run, "township")
    steps = 0
    first = counties[0] if counties else None
    for township in townships:
        county_code = township.path.strip("/").split("/")[1]
        in_first = first is not None and county_code == first.code
        if not complete and not in_first:
            second = counties[1] if len(counties) > 1 else None
            mine = [t for t in townships if second and t.path.strip("/").split("/")[1] == second.code]
            if township not in mine[: (len(mine) + 1) // 2]:
                continue
        adjustments = {}
        if not complete and township == townships[0]:
            low = (OrganisationResult.objects.filter(run=run, stars__lt=5, stars__isnull=False,
                                                     organisation__region__path__startswith=township.path)
                   .order_by("organisation_id").first())
            if low is not None:
                adjustments = {low.organisation_id: (low.stars + 1, REASON)}
        rating.take_step(township, year, "propose", None, adjustments)
        steps += 1
    # (a sample of one county only proposes: some organisations stay proposed)
    for county in counties if complete else counties[:1] if len(counties) > 1 else []:
        rating.take_step(county, year, "confirm", None)
        steps += 1
    if complete:
        rating.take_step(Region.objects.get(level=Region.Level.CITY, parent__isnull=True), year, "publish", None)
        steps += 1
    return {"steps": steps}


def fund_year(year: int) -> FundingRun | None:
    if FundingRun.objects.filter(year=year).exists():
        return None
    if not AssessmentRun.objects.official().filter(year=year).exists():
        return None
    return compute_funding(year)
