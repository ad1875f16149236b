"""Every change to ratings (评星晋级, ORG-R-04): a region takes the next step of the pack's `rating.steps` for all its
organisations at once, changing any level it must with a written reason. One atomic action per step: it checks
first (the step's level is the region's, the step before was taken for every organisation of the region, each
change has a reason and a real level) and writes nothing when refused; then the ratings in bulk, the step, its
changes, their audit records and the region roll-ups (guifan.rating.rollups)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.accounts.scope import Scope
from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.orgs.models import Organisation
from guifan.regions.models import Region

from . import rollups
from .models import Movement, Rating, RatingAdjustment, RatingStep
from .selectors import rules_of, step_label

DEPTH = {"city": 1, "county": 2, "township": 3}


def movement(stars: int, previous: int | None) -> str:
    if previous is None:
        return Movement.NEW
    return Movement.UP if stars > previous else Movement.DOWN if stars < previous else Movement.SAME


def previous_levels(year: int, organisation_ids) -> dict[int, int]:
    """Last year's level of each organisation: its published rating, else last year's official run's stars."""
    found = {}
    run = AssessmentRun.objects.official().filter(year=year - 1).first()
    if run is not None:
        found.update(OrganisationResult.objects.filter(run=run, stars__isnull=False)
                     .values_list("organisation_id", "stars"))
    last = rules_of(year - 1)
    if last is not None:
        found.update(Rating.objects.filter(year=year - 1, stage=last.last.code).values_list("organisation_id", "stars"))
    ids = set(organisation_ids)
    return {k: v for k, v in found.items() if k in ids}


def _check_adjustments(adjustments: dict, known: dict[int, object], levels: set[int]) -> None:
    for org_id, (stars, reason) in adjustments.items():
        org = known.get(org_id)
        if org is None:
            raise ValidationError(_("An organisation whose level is changed is not in this region."))
        if stars not in levels:
            raise ValidationError(_("%(org)s: %(stars)s is not a star level of the standard.")
                                  % {"org": org, "stars": stars})
        if not (reason or "").strip():
            raise ValidationError(_("%(org)s: the level is changed without a reason. Write why it is changed.")
                                  % {"org": org})


@transaction.atomic
def take_step(region, year: int, step_code: str, user, adjustments: dict | None = None) -> RatingStep:
    """`region` takes step `step_code` of `year` for all its organisations; `adjustments` {organisation id:
    (stars, reason)} change levels on the way. Raises ValidationError (nothing written) when refused."""
    adjustments = {int(k): v for k, v in (adjustments or {}).items()}
    # Steps of different regions rewrite the same year's roll-ups: one at a time (the city's row as the lock).
    list(Region.objects.select_for_update().filter(parent__isnull=True).values_list("pk", flat=True))
    run = AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()
    if run is None:
        raise ValidationError(_("There is no official assessment of %(year)s to rate from.") % {"year": year})
    pack = run.pack_version.pack()
    rules = pack.rating
    if rules is None:
        raise ValidationError(_("The standard pack gives no rating steps."))
    step = rules.step(step_code)
    if step is None:
        raise ValidationError(_("There is no such rating step."))
    label = step_label(step)
    if region.level != step.level:
        raise ValidationError(_("“%(step)s” is taken by a region of another level, not by %(region)s.")
                              % {"step": label, "region": region.name})
    scope = Scope(user) if user is not None else None  # None: the platform itself (the sample city's seeding)
    if scope is not None and not (scope.is_all or (scope.region is not None and scope.region.pk == region.pk)):
        raise ValidationError(_("Only %(region)s itself may take the step “%(step)s” for its organisations.")
                              % {"step": label, "region": region.name})
    index = rules.index(step_code)
    found = list(OrganisationResult.objects.filter(
        run=run, stars__isnull=False, organisation__region__path__startswith=region.path)
        .values_list("organisation_id", "stars", "organisation__region__level"))
    results = {org_id: stars for org_id, stars, _level in found}
    if not results:
        raise ValidationError(_("No organisation of %(region)s has an official star level in %(year)s.")
                              % {"region": region.name, "year": year})
    ratings = {r.organisation_id: r for r in Rating.objects.filter(year=year, organisation_id__in=list(results))
               .select_related("organisation")}
    done = [r for r in ratings.values() if rules.index(r.stage) >= index]
    if done:
        raise ValidationError(_("“%(step)s” has already been taken for %(n)s organisations of %(region)s.")
                              % {"step": label, "n": len(done), "region": region.name})
    new_here = set(results) if index == 0 else set()
    if index > 0:
        before = rules.steps[index - 1]
        # An organisation placed above the level of the step before (a county's own agency when the township
        # proposes) never went through it: it is rated from this step on.
        above = {org_id for org_id, _stars, level in found if DEPTH[level] < DEPTH[before.level]}
        new_here = {org_id for org_id in above if org_id not in ratings}
        waiting = sum(1 for org_id in results if org_id not in new_here
                      and (org_id not in ratings or ratings[org_id].stage != before.code))
        if waiting:
            raise ValidationError(_(
                "“%(step)s” cannot be taken yet: %(n)s organisations of %(region)s have not been through “%(before)s”.")
                % {"step": label, "n": waiting, "region": region.name, "before": step_label(before)})
    names = {o.pk: o.name for o in Organisation.objects.filter(pk__in=list(adjustments))}
    _check_adjustments(adjustments, {k: names[k] for k in adjustments if k in results and k in names},
                       {b["stars"] for b in pack.star_bands})
    now = timezone.now()
    if new_here:
        previous = previous_levels(year, new_here)
        Rating.objects.bulk_create([
            Rating(organisation_id=org_id, year=year, run=run, assessed_stars=results[org_id],
                   stars=results[org_id], stage=step.code, previous_stars=previous.get(org_id),
                   movement=movement(results[org_id], previous.get(org_id)), updated_at=now)
            for org_id in new_here], batch_size=2000)
        ratings = {r.organisation_id: r for r in Rating.objects.filter(year=year, organisation_id__in=list(results))}
    taken = RatingStep.objects.create(year=year, step=step.code, region=region, user=user, taken_at=now,
                                      organisations=len(results), adjustments=len(adjustments))
    changes, logs = [], []
    for org_id, (stars, reason) in adjustments.items():
        rating = ratings[org_id]
        if stars != rating.stars:
            changes.append(RatingAdjustment(rating=rating, step=taken, from_stars=rating.stars, to_stars=stars,
                                            reason=reason.strip()))
            logs.append(audit.entry(rating, ChangeLog.Action.UPDATE, user, {"stars": rating.stars},
                                    {"stars": stars, "reason": reason.strip(), "step": step.code},
                                    source="rating", related=rating.organisation))
            rating.stars, rating.reason = stars, reason.strip()
            rating.movement = movement(stars, rating.previous_stars)
    for rating in ratings.values():
        rating.stage, rating.updated_at = step.code, now
    Rating.objects.bulk_update(ratings.values(), ["stage", "stars", "reason", "movement", "updated_at"],
                               batch_size=2000)
    RatingAdjustment.objects.bulk_create(changes)
    if len(changes) != taken.adjustments:
        taken.adjustments = len(changes)
        taken.save(update_fields=["adjustments"])
    logs.append(audit.entry(taken, ChangeLog.Action.APPROVE, user, after={
        "step": step.code, "year": year, "organisations": len(results), "changed": len(changes)},
        source="rating", related=region))
    ChangeLog.objects.bulk_create(logs)
    rollups.refresh(year, rules)
    return taken
