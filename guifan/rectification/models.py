"""The year's weak and lax list (软弱涣散党组织整顿, SPEC M03, ORG-R-03): an organisation listed for rectification,
its tasks (one per criterion it failed, with an owner, a deadline and evidence), its progress reports and its
sign-off. A listing is proposed from an official assessment run's stored verdicts (the pack's situations,
guifan.standards.rectification_rules) or named by hand (2017's 直评联考 lagging list), and confirmed by the level
the pack names. Nothing here recomputes a result: sign-off reads a later official run's stored stars.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from guifan.core.evidence import EvidenceFile, evidence_storage, remove_stored_file


class Listing(models.Model):
    class Source(models.TextChoices):
        PROPOSED = "proposed", _("Proposed from the assessment")
        NAMED = "named", _("Named by hand")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Being rectified")
        SIGNED_OFF = "signed_off", _("Signed off")

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="rectifications",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PROPOSED)
    situations = models.JSONField(_("weak and lax situations"), default=list, blank=True,
                                  help_text=_("Codes of the pack's situations the assessment showed."))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    run = models.ForeignKey("assessment.AssessmentRun", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name=_("assessment run"))
    stars = models.PositiveSmallIntegerField(_("stars when listed"), null=True, blank=True)
    responsible_leader = models.CharField(_("responsible leader"), max_length=50, blank=True)
    first_secretary = models.CharField(_("first secretary"), max_length=50, blank=True)
    # 村霸 special action (扫黑除恶, M03): where a village bully problem was found and what was done.
    village_bully = models.BooleanField(_("village bully problem"), default=False)
    village_bully_action = models.TextField(_("special action taken"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("listed by"))
    created_at = models.DateTimeField(_("listed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("signed off by"))
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_run = models.ForeignKey("assessment.AssessmentRun", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("reassessment"))
    signed_off_stars = models.PositiveSmallIntegerField(_("stars at sign-off"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="rectify_one_per_year")]
        indexes = [models.Index(fields=["year", "state"], name="rectify_year_state")]
        ordering = ["-year", "organisation__path"]
        verbose_name = _("rectification listing")
        verbose_name_plural = _("rectification listings")

    def __str__(self):
        return f"{self.organisation} {self.year}"

    def audit_region_path(self) -> str:
        return self.organisation.region.path


class Task(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("listing"))
    criterion = models.CharField(_("criterion"), max_length=64, blank=True)
    title = models.CharField(_("task"), max_length=200)
    advice = models.TextField(_("what to do"), blank=True)
    owner = models.CharField(_("owner"), max_length=50, blank=True)
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["listing", "closed_at", "deadline"], name="rectify_task_open")]
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")

    def __str__(self):
        return self.title

    def audit_region_path(self) -> str:
        return self.listing.organisation.region.path


def evidence_path(instance, filename):
    """rectification/<task pk>/<random>.<extension>: the user's file name is kept in `name`, never in the path."""
    extension = Path(filename).suffix.lower()[:8]
    return f"rectification/{instance.task_id}/{uuid.uuid4().hex}{extension}"


class TaskFile(EvidenceFile):
    """A photo or a PDF kept as evidence that a task was done."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files", verbose_name=_("task"))
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage, max_length=200)

    class Meta(EvidenceFile.Meta):
        pass

    def audit_region_path(self) -> str:
        return self.task.listing.organisation.region.path


post_delete.connect(remove_stored_file, sender=TaskFile, dispatch_uid="rectification.remove_stored_file")


class ProgressReport(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("listing"))
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return self.text[:40]

    def audit_region_path(self) -> str:
        return self.listing.organisation.region.path
