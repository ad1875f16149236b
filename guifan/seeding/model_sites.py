"""The sample city's model sites (M02) on the stored results of each year's official run: every township nominates
its best judged organisations that meet their kind's creation standard (sample-model-sites.yaml says how many), the
counties review most of them (some not recommended, with a reason), the city fills the pack's quotas grade by grade
from the best and publishes the list, so that the funding of the year gives the model-site extra. Everything goes
through guifan.modelsites.actions, as a user's changes would; idempotent: a year with nominations is left as it is.
"""

from __future__ import annotations

import random
from functools import lru_cache

import yaml
from django.core.exceptions import ValidationError

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.modelsites import actions
from guifan.modelsites.models import Nomination
from guifan.orgs.models import Organisation

from .params import DATA


@lru_cache(maxsize=1)
def sample() -> dict:
    with open(DATA / "sample-model-sites.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class _Everything:
    """The scope of the seeding: an administrator of everything (acting as each level would)."""

    is_all = True


def _candidates(run, rules, per_township: int) -> list[int]:
    """Per township, the best-judged organisations of a kind the standard names that a quick look at the stored
    result lets through (stars, not a rectification candidate, a secretary); the action checks them fully."""
    lowest = min(k.min_stars for k in rules.kinds)
    rows = (OrganisationResult.objects.filter(run=run, stars__gte=lowest, rectification=False,
                                              organisation__secretary__isnull=False,
                                              organisation__domain__in=[k.domain for k in rules.kinds])
            .exclude(organisation__kind=Organisation.Kind.GROUP)
            .order_by("organisation__region_id", "-total", "organisation_id")
            .values_list("organisation_id", "organisation__region_id"))
    taken: dict = {}
    out = []
    for org_id, region_id in rows.iterator(chunk_size=2000):
        if taken.get(region_id, 0) < per_township:
            taken[region_id] = taken.get(region_id, 0) + 1
            out.append(org_id)
    return out


def seed_model_sites(year: int, *, seed: int = 1) -> dict:
    """Nominates, reviews, selects and (as the sample says) publishes the year's model sites; returns what it did."""
    params = sample()
    wanted = (params.get("years") or {}).get(year)
    run = AssessmentRun.objects.official().filter(year=year).first()
    if wanted is None or run is None or Nomination.objects.filter(year=year).exists():
        return {"nominated": 0}
    try:
        rules = actions.rules_of_year(year)
    except ValidationError:
        return {"nominated": 0}
    rng, scope = random.Random(seed), _Everything()
    nominated = reviewed = selected = 0
    organisations = Organisation.objects.in_bulk(_candidates(run, rules, params["per_township"]))
    for org in organisations.values():
        try:
            actions.nominate(org, year, scope=scope, statement=params["statement"])
            nominated += 1
        except ValidationError:
            continue  # a must-pass criterion failed: the township would not nominate it
    for nomination in Nomination.objects.filter(year=year).select_related("organisation").order_by("pk"):
        if rng.random() > params["reviewed_share"]:
            continue  # still with the county
        reject = rng.random() < params["rejected_share"]
        actions.review(nomination, scope=scope, approve=not reject, reason=params["reject_reason"] if reject else "")
        reviewed += 1
    best = (Nomination.objects.filter(year=year, state=Nomination.State.APPROVED).select_related("organisation")
            .order_by("-stars", "pk"))
    for nomination in best:
        for grade in rules.grades:  # the highest grade with a place left that the organisation meets
            try:
                actions.select(nomination, scope=scope, grade=grade.code)
                selected += 1
                break
            except ValidationError:
                continue
    published = 0
    if wanted.get("publish") and selected:
        published = actions.publish(year, scope=scope).sites
    return {"nominated": nominated, "reviewed": reviewed, "selected": selected, "published": published}
