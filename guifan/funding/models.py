"""Floating funding (浮动保障, M12) as computed for a year: one run of the pack's formula over the city, one row per
funded organisation (its lines, its payers, what it read) and one per region and level. Amounts are yuan in
Decimal columns; the lines and payers are kept as whole fen in JSON so that they add up exactly."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core.vocabulary import RegionLevel
from guifan.orgs.models import Organisation
from guifan.regions.models import Region

MONEY = {"max_digits": 16, "decimal_places": 2}


class FundingRun(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    pack_version = models.ForeignKey("standards.PackVersion", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("pack version"))
    assessment_run = models.ForeignKey("assessment.AssessmentRun", on_delete=models.PROTECT, related_name="+",
                                       null=True, verbose_name=_("assessment run"))
    computed_at = models.DateTimeField(_("computed at"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))
    organisations = models.PositiveIntegerField(_("organisations funded"), default=0)
    total = models.DecimalField(_("total"), **MONEY, default=0)
    stars_from = models.JSONField(_("star levels read from"), default=dict)  # {"rating": n, "assessment": n}
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("funding run")
        verbose_name_plural = _("funding runs")

    def __str__(self):
        return f"{self.year} · {self.computed_at:%Y-%m-%d %H:%M}"


class FundingResult(models.Model):
    """lines {line code: fen}, payers {payer: fen}; inputs: what the formula read (stars and their source,
    rectification, members, secretaries, host kind, new and separate)."""

    run = models.ForeignKey(FundingRun, on_delete=models.CASCADE, related_name="results", verbose_name=_("run"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    total = models.DecimalField(_("total"), **MONEY)
    lines = models.JSONField(_("lines"), default=dict)
    payers = models.JSONField(_("payers"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "organisation"], name="funding_one_per_org")]
        verbose_name = _("funding result")
        verbose_name_plural = _("funding results")

    def __str__(self):
        return f"{self.organisation_id} · {self.run_id}: {self.total}"


class FundingRegion(models.Model):
    run = models.ForeignKey(FundingRun, on_delete=models.CASCADE, related_name="regions", verbose_name=_("run"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    organisations = models.PositiveIntegerField(_("organisations funded"), default=0)
    total = models.DecimalField(_("total"), **MONEY)
    lines = models.JSONField(_("lines"), default=dict)
    payers = models.JSONField(_("payers"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "region"], name="funding_one_per_region")]
        verbose_name = _("funding per region")
        verbose_name_plural = _("funding per region")

    def __str__(self):
        return f"{self.region_id} · {self.run_id}: {self.total}"
