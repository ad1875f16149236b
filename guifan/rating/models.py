"""Rating and upgrading (评星晋级, ORG-R-04, M03): each year's official star level per organisation, taken from the
official assessment run and confirmed step by step (the pack's `rating.steps`: the township proposes, the county
confirms, the city publishes), with every change of level and its written reason kept; and the roll-ups per region
(counts per star, the top level's share and its change, movement), written when a step is taken."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.assessment.models import AssessmentRun
from guifan.core.vocabulary import RegionLevel
from guifan.orgs.models import Organisation
from guifan.regions.models import Region


class Movement(models.TextChoices):
    UP = "up", _("Moved up")
    DOWN = "down", _("Moved down")
    SAME = "same", _("Unchanged")
    NEW = "new", _("No level last year")


class Rating(models.Model):
    """An organisation's level in a year: `assessed_stars` as the official run gave it, `stars` as the steps left
    it; `stage` the last step taken (a step code of the pack)."""

    audit_related = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ratings",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"))
    run = models.ForeignKey(AssessmentRun, on_delete=models.PROTECT, related_name="+", verbose_name=_("run"))
    assessed_stars = models.PositiveSmallIntegerField(_("assessed level"))
    stars = models.PositiveSmallIntegerField(_("level"))
    stage = models.CharField(_("stage"), max_length=20)
    previous_stars = models.PositiveSmallIntegerField(_("last year's level"), null=True, blank=True)
    movement = models.CharField(_("movement"), max_length=5, choices=Movement.choices)
    reason = models.TextField(_("reason for the change"), blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="rating_one_per_org_year")]
        indexes = [models.Index(fields=["year", "stage"], name="rating_year_stage")]
        ordering = ["-year", "organisation_id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return f"{self.organisation_id} {self.year}: {self.stars}"

    def audit_region_path(self):
        return self.organisation.region.path


class RatingStep(models.Model):
    """One bulk action: a region took a step for all its organisations."""

    year = models.PositiveSmallIntegerField(_("year"))
    step = models.CharField(_("step"), max_length=20)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                             verbose_name=_("user"))
    taken_at = models.DateTimeField(_("taken at"))
    organisations = models.PositiveIntegerField(_("organisations"))
    adjustments = models.PositiveIntegerField(_("levels changed"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "step", "region"], name="rating_one_step_per_region")]
        ordering = ["-taken_at"]
        verbose_name = _("rating step")
        verbose_name_plural = _("rating steps")

    def __str__(self):
        return f"{self.region_id} {self.year} {self.step}"

    def audit_region_path(self):
        return self.region.path


class RatingAdjustment(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="adjustments",
                               verbose_name=_("rating"))
    step = models.ForeignKey(RatingStep, on_delete=models.CASCADE, related_name="changes", verbose_name=_("step"))
    from_stars = models.PositiveSmallIntegerField(_("from"))
    to_stars = models.PositiveSmallIntegerField(_("to"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("level change")
        verbose_name_plural = _("level changes")

    def __str__(self):
        return f"{self.rating_id}: {self.from_stars} → {self.to_stars}"


class RegionRating(models.Model):
    """A region's ratings in a year, as the last step left them: stages {step: organisations}, stars {level: n},
    movement {up, down, same, new: n}; the top level's share is top / organisations, last year's
    previous_top / previous_rated (ratios as sum over sum)."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    organisations = models.PositiveIntegerField(_("organisations"), default=0)
    stages = models.JSONField(_("organisations per stage"), default=dict)
    stars = models.JSONField(_("organisations per level"), default=dict)
    movement = models.JSONField(_("movement"), default=dict)
    top = models.PositiveIntegerField(_("at the top level"), default=0)
    previous_rated = models.PositiveIntegerField(_("with a level last year"), default=0)
    previous_top = models.PositiveIntegerField(_("at the top level last year"), default=0)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "region"], name="rating_one_rollup_per_region")]
        verbose_name = _("region rating")
        verbose_name_plural = _("region ratings")

    def __str__(self):
        return f"{self.region_id} {self.year}"

    @property
    def top_share(self) -> float | None:
        return self.top / self.organisations if self.organisations else None

    @property
    def previous_top_share(self) -> float | None:
        return self.previous_top / self.previous_rated if self.previous_rated else None

    @property
    def top_share_change(self) -> float | None:
        now, before = self.top_share, self.previous_top_share
        return None if now is None or before is None else now - before
