"""Party-mass service centres (党群服务中心, SPEC M15, checklist C15) at city, district, street and community level,
the tourist stations (党群旅游驿站) of each urban district, and the rating of each county's smart party-building
platform (智慧党建平台评级, SPEC M17) with its model sites (示范点).

A centre's verdict against the pack (area, site, C15's function areas, staff, rules) is computed when it is written
and stored with the pack version that judged it; a region's roll-up (centres and passes per level, stations) is
stored too and rebuilt by every write (guifan.centres.actions), so the region pages never count over the tree.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from guifan.core.evidence import EvidenceFile, evidence_storage, remove_stored_file


class ServiceCentre(models.Model):
    """One centre. `level` is a code of the pack's service_centres.levels; `region` is the city, district or street
    that holds it, or the community organisation's own region; `organisation` is set for a community centre."""

    level = models.CharField(_("level"), max_length=20, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="service_centres",
                               verbose_name=_("region"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="service_centres", verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    area_m2 = models.DecimalField(_("usable area (m²)"), max_digits=10, decimal_places=2)
    staff = models.PositiveIntegerField(_("staff"))
    own_site = models.BooleanField(_("own site"), default=False, help_text=_(
        "City and district: set up separately and run as an entity. Street and community: its own space within "
        "the shared convenience-service site."))
    function_areas = models.JSONField(_("function areas"), default=list, blank=True)
    rules_present = models.BooleanField(_("work rules written"), default=False)
    verdicts = models.JSONField(_("verdicts"), default=dict, blank=True)
    passed = models.BooleanField(_("meets the standard"), default=False)
    judged_by = models.CharField(_("judged by pack"), max_length=40, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["region__code", "level", "name"]
        indexes = [models.Index(fields=["level", "region"], name="centre_level_region")]
        verbose_name = _("party-mass service centre")
        verbose_name_plural = _("party-mass service centres")

    def __str__(self):
        return self.name

    def audit_region_path(self) -> str:
        return self.region.path


def evidence_path(instance, filename):
    """centres/<centre pk>/<random>.<extension>: the user's file name is kept in `name`, never in the path."""
    extension = Path(filename).suffix.lower()[:8]
    return f"centres/{instance.centre_id}/{uuid.uuid4().hex}{extension}"


class CentreFile(EvidenceFile):
    """A photo or a PDF of a centre (its function areas, its rules on the wall)."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.CASCADE, related_name="files",
                               verbose_name=_("centre"))
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage, max_length=200)

    class Meta(EvidenceFile.Meta):
        pass

    def audit_region_path(self) -> str:
        return self.centre.region.path


post_delete.connect(remove_stored_file, sender=CentreFile, dispatch_uid="centres.remove_stored_file")


class TouristStation(models.Model):
    """A party-mass tourist station (党群旅游驿站) of an urban district, relying on one of its centres."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="tourist_stations",
                               verbose_name=_("district"))
    centre = models.ForeignKey(ServiceCentre, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="stations", verbose_name=_("centre"))
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("party-mass tourist station")
        verbose_name_plural = _("party-mass tourist stations")

    def __str__(self):
        return self.name

    def audit_region_path(self) -> str:
        return self.region.path


class PlatformRating(models.Model):
    """A county's smart party-building platform rated for a year: a score and evidence per criterion of the pack,
    the total and the grade, and the model sites (示范点) at county, township and village level."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="platform_ratings",
                               verbose_name=_("county or district"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    scores = models.JSONField(_("scores"), default=dict)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=20)
    model_sites = models.JSONField(_("model sites"), default=list, blank=True)
    judged_by = models.CharField(_("judged by pack"), max_length=40, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("rated by"))
    rated_at = models.DateTimeField(_("rated at"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="platform_rating_one_per_year")]
        ordering = ["-year", "region__code"]
        verbose_name = _("smart-platform rating")
        verbose_name_plural = _("smart-platform ratings")

    def __str__(self):
        return f"{self.region} {self.year}"

    def audit_region_path(self) -> str:
        return self.region.path


class CentreRollup(models.Model):
    """A region's stored counts: {level: [centres, passed]} of the centres in its subtree, and its tourist
    stations (an urban district's own; the city's: all)."""

    region = models.OneToOneField("regions.Region", on_delete=models.CASCADE, related_name="centre_rollup",
                                  verbose_name=_("region"))
    counts = models.JSONField(_("counts"), default=dict)
    stations = models.PositiveIntegerField(_("tourist stations"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("centre roll-up")
        verbose_name_plural = _("centre roll-ups")

    def __str__(self):
        return str(self.region)
