"""Model sites of standardisation (规范化建设示范点, SPEC M02): an organisation nominated in a year against its kind's
creation standard (the pack's `model_sites`, guifan.standards.model_site_rules), reviewed by the county, selected
by the city into a grade within the pack's quotas, and published on the year's list. The check reads the stored
results of the year's official assessment (stars, verdicts) and the published rating; nothing here recomputes one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Nomination(models.Model):
    class State(models.TextChoices):
        NOMINATED = "nominated", _("Awaiting review")
        APPROVED = "approved", _("Reviewed: recommended")
        REJECTED = "rejected", _("Reviewed: not recommended")
        SELECTED = "selected", _("Selected")
        PUBLISHED = "published", _("Published model site")

    audit_related = "organisation"

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="model_sites",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    domain = models.CharField(_("kind"), max_length=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NOMINATED)
    statement = models.TextField(_("what makes it a model"), blank=True)
    run = models.ForeignKey("assessment.AssessmentRun", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name=_("assessment run"))
    stars = models.PositiveSmallIntegerField(_("stars when nominated"), null=True, blank=True)
    nominated_level = models.CharField(_("nominated by level"), max_length=10)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("nominated by"))
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.CharField(_("review opinion"), max_length=300, blank=True)
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("selected by"))
    selected_at = models.DateTimeField(_("selected at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="modelsite_one_per_year")]
        indexes = [models.Index(fields=["year", "state"], name="modelsite_year_state")]
        ordering = ["-year", "organisation__path"]
        verbose_name = _("model-site nomination")
        verbose_name_plural = _("model-site nominations")

    def __str__(self):
        return f"{self.organisation} {self.year}"

    def audit_region_path(self) -> str:
        return self.organisation.region.path


class Publication(models.Model):
    """The city's published list of a year: once published, the year's selection is closed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    sites = models.PositiveIntegerField(_("number of model sites"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("published model-site list")
        verbose_name_plural = _("published model-site lists")

    def __str__(self):
        return str(self.year)
