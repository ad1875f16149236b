"""Stored assessments: one run of the engine, one row per organisation, one row per region and level.

A run records the pack version it judged against, the year, whether it read approved figures only and the hash of
its input frame, so that a result can always be traced to what produced it. Runs of earlier pack versions are kept.
What-if runs are stored with `official=False` and the overrides they applied; pages read official runs only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core.vocabulary import RegionLevel
from guifan.orgs.models import Organisation
from guifan.regions.models import Region


class AssessmentRunQuerySet(models.QuerySet):
    def official(self):
        return self.filter(official=True, finished_at__isnull=False)


class AssessmentRun(models.Model):
    pack_version = models.ForeignKey(
        "standards.PackVersion", on_delete=models.PROTECT, related_name="assessment_runs",
        verbose_name=_("pack version"),
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    approved_only = models.BooleanField(_("approved figures only"), default=False)
    input_hash = models.CharField(_("input hash"), max_length=64, db_index=True)
    official = models.BooleanField(_("official"), default=True,
                                   help_text=_("False for a what-if run that changed the standard."))
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))
    organisations = models.PositiveIntegerField(_("organisations judged"), default=0)
    rectification_candidates = models.PositiveIntegerField(_("rectification candidates"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    timings = models.JSONField(_("seconds per stage"), default=dict, blank=True)

    objects = AssessmentRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")

    def __str__(self):
        return f"{self.year} · {self.pack_version} · {self.started_at:%Y-%m-%d %H:%M}"


class OrganisationResult(models.Model):
    """verdicts: {criterion id: [verdict, actual, threshold, gap]} for every criterion that applies."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="organisation_results",
                            verbose_name=_("run"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessment_results",
                                     verbose_name=_("organisation"))
    total = models.FloatField(_("total score"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    rectification = models.BooleanField(_("rectification candidate"), default=False)
    pillar_scores = models.JSONField(_("pillar scores"), default=dict)
    verdicts = models.JSONField(_("verdicts"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "organisation"], name="assessment_one_result_per_org")]
        indexes = [models.Index(fields=["run", "total"], name="assessment_result_total"),
                   # The lagging list of a region page: rectification candidates first, lowest totals next.
                   models.Index(fields=["run", "-rectification", "total", "organisation"],
                                name="assessment_result_lagging")]
        verbose_name = _("organisation result")
        verbose_name_plural = _("organisation results")

    def __str__(self):
        return f"{self.organisation_id} · {self.run_id}: {self.total}"


class RegionResult(models.Model):
    """criteria: {criterion id: [passed, judged]} so that a rate is sum(passed) / sum(judged), never a mean of rates;
    rollups: {criterion id: [verdict, actual, threshold, gap, children, missing]} for the pack's criteria at this
    level, `missing` the children whose deciding figure was not reported (runs stored before it have five items)."""

    Level = RegionLevel  # the one spelling of the levels (guifan.core.vocabulary)

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="region_results",
                            verbose_name=_("run"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="assessment_results",
                               verbose_name=_("region"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    organisations = models.PositiveIntegerField(_("organisations judged"), default=0)
    rectification_candidates = models.PositiveIntegerField(_("rectification candidates"), default=0)
    criteria = models.JSONField(_("passed and judged per criterion"), default=dict)
    stars = models.JSONField(_("star distribution"), default=dict)
    rollups = models.JSONField(_("roll-up verdicts"), default=dict)
    coverage = models.JSONField(_("coverage"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "region", "level"], name="assessment_one_per_region")]
        verbose_name = _("region result")
        verbose_name_plural = _("region results")

    def __str__(self):
        return f"{self.region_id} {self.level} · {self.run_id}"

    def rate(self, criterion_id: str) -> float | None:
        passed, judged = self.criteria.get(criterion_id, (0, 0))
        return passed / judged if judged else None
