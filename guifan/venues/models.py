"""Venue rating (阵地评级, SPEC M13): each organisation's venue (阵地: its activity room or service venue, usable area),
a year's rating of it from the checklist the pack gives its domain (V10R, V10U, V8), one check per checklist item
(present or not, with its photo where the pack asks for evidence), the grade the pack's bands give, confirmed by the
pack's `rated_by` level; and the stored roll-ups per region (venues per grade, the joint grade of a township or
county from its venues), written by guifan.venues.rollups after each write, never walked per request."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from guifan.core.evidence import EvidenceFile, evidence_storage, remove_stored_file
from guifan.core.vocabulary import RegionLevel
from guifan.orgs.models import Organisation
from guifan.regions.models import Region


class Venue(models.Model):
    """An organisation's venue; one per organisation."""

    audit_related = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="venues",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("venue name"), max_length=100)
    area = models.DecimalField(_("usable area (m²)"), max_digits=9, decimal_places=2)
    address = models.CharField(_("address"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="venue_one_per_organisation")]
        ordering = ["organisation_id"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name

    def audit_region_path(self):
        return self.organisation.region.path


class VenueRating(models.Model):
    """A venue's rating in a year: the checklist used, the items missing, the grade of the pack's bands; recorded
    by the organisation (or its region), confirmed by the `rated_by` level. A new record of the checks clears the
    confirmation."""

    audit_related = "organisation"

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("venue"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"))
    checklist = models.CharField(_("checklist"), max_length=20)
    area = models.DecimalField(_("usable area (m²)"), max_digits=9, decimal_places=2)
    items = models.PositiveSmallIntegerField(_("items"))
    missing = models.PositiveSmallIntegerField(_("items missing"))
    grade = models.CharField(_("grade"), max_length=20)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["venue", "year"], name="venue_one_rating_per_year")]
        indexes = [models.Index(fields=["year", "grade"], name="venue_rating_year_grade")]
        ordering = ["-year", "venue_id"]
        verbose_name = _("venue rating")
        verbose_name_plural = _("venue ratings")

    def __str__(self):
        return f"{self.venue_id} {self.year}: {self.grade}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def audit_region_path(self):
        return self.organisation.region.path


class VenueCheck(models.Model):
    """One checklist item of a rating: present or not (an area item is judged from the venue's area)."""

    rating = models.ForeignKey(VenueRating, on_delete=models.CASCADE, related_name="checks",
                               verbose_name=_("venue rating"))
    item = models.CharField(_("checklist item"), max_length=40)
    present = models.BooleanField(_("item present"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rating", "item"], name="venue_one_check_per_item")]
        ordering = ["pk"]
        verbose_name = _("venue check")
        verbose_name_plural = _("venue checks")

    def __str__(self):
        return f"{self.rating_id} {self.item}: {self.present}"


def evidence_path(instance, filename):
    """venues/<check pk>/<random>.<extension>: the user's file name is kept in `name`, never in the path."""
    extension = Path(filename).suffix.lower()[:8]
    return f"venues/{instance.venue_check_id}/{uuid.uuid4().hex}{extension}"


class VenuePhoto(EvidenceFile):
    """The photo (or PDF: a survey, a title deed) proving a checklist item present."""

    venue_check = models.ForeignKey(VenueCheck, on_delete=models.CASCADE, related_name="photos",
                                    verbose_name=_("venue check"))
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage, max_length=200)

    class Meta(EvidenceFile.Meta):
        pass

    def audit_region_path(self) -> str:
        return self.venue_check.rating.organisation.region.path


def remove_unshared_file(sender, instance, **kwargs):
    """post_delete: the file goes with its row unless another photo row names it (the sample city's photos share
    one stored file)."""
    if instance.file.name and not VenuePhoto.objects.filter(file=instance.file.name).exists():
        remove_stored_file(sender, instance, **kwargs)


post_delete.connect(remove_unshared_file, sender=VenuePhoto, dispatch_uid="venues.remove_stored_file")


class RegionVenueGrade(models.Model):
    """A region's confirmed venue ratings in a year: venues {grade: n} of every domain, the venues of the joint
    domains and how many of them reach the target, and the joint grade that share gives (empty without such
    venues); `recorded` counts the ratings waiting for confirmation."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    venues = models.PositiveIntegerField(_("venues rated"), default=0)
    recorded = models.PositiveIntegerField(_("waiting for confirmation"), default=0)
    grades = models.JSONField(_("venues per grade"), default=dict)
    joint_venues = models.PositiveIntegerField(_("venues rated jointly"), default=0)
    joint_top = models.PositiveIntegerField(_("of them at the target grade"), default=0)
    joint_grade = models.CharField(_("joint grade"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "region"], name="venue_one_rollup_per_region")]
        verbose_name = _("region venue grade")
        verbose_name_plural = _("region venue grades")

    def __str__(self):
        return f"{self.region_id} {self.year}: {self.joint_grade}"

    @property
    def joint_share(self) -> float | None:
        return self.joint_top / self.joint_venues if self.joint_venues else None
