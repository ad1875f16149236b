"""Organisational life (组织生活, ACT-G-01/02, ACT-R-01, ACT-U-01, ACT-A-01): each meeting or activity an
organisation holds, with its attendance per member. Which kinds exist, how often each is due, the quorum and what
counts as held are the pack's (`rules:` entries with `meetings:`); a meeting's `kind` is one of its codes.

The counts on a meeting (`voting_members`, `voting_present`, `present`) are written by `meetings.actions` from the
attendance rows in the same transaction, never typed: derivation reads meetings, not ten million attendance rows.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from guifan.core.evidence import EvidenceFile, evidence_storage, remove_stored_file


class Meeting(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="meetings",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=40, help_text=_("A meeting kind of the standard pack."))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    host = models.CharField(_("host"), max_length=50, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # A party lecture's preparation record (党课备课制, ACT-R-01).
    lecturer = models.CharField(_("lecturer"), max_length=50, blank=True)
    preparation = models.TextField(_("preparation"), blank=True)
    # Written from the attendance rows by meetings.actions (see the module's docstring).
    voting_members = models.PositiveIntegerField(_("members with a vote"), default=0)
    voting_present = models.PositiveIntegerField(_("members with a vote present"), default=0)
    present = models.PositiveIntegerField(_("present"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "held_on"]), models.Index(fields=["held_on", "kind"])]

    def __str__(self):
        return f"{self.held_on} {self.topic}"

    audit_related = "organisation"

    def audit_region_path(self):
        return self.organisation.region.path if self.organisation.region_id else ""


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance",
                                verbose_name=_("meeting"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendance",
                               verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField(_("reason for leave"), max_length=100, blank=True)
    has_vote = models.BooleanField(_("has a vote"), help_text=_("A full member on the meeting's date."))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]
        indexes = [models.Index(fields=["member", "meeting"])]

    def __str__(self):
        return f"{self.member_id} {self.status}"


class Appraisal(models.Model):
    """A member's grade in a democratic appraisal (民主评议党员, ACT-G-02)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        QUALIFIED = "qualified", _("Qualified")
        BASICALLY = "basically", _("Basically qualified")
        UNQUALIFIED = "unqualified", _("Unqualified")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="appraisals",
                                verbose_name=_("meeting"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="appraisals",
                               verbose_name=_("member"))
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = _("appraisal grade")
        verbose_name_plural = _("appraisal grades")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="appraisal_once_per_member")]

    def __str__(self):
        return f"{self.member_id} {self.grade}"


def evidence_path(instance, filename):
    """meeting/<meeting pk>/<random>.<extension>: the user's file name is kept in `name`, never in the path."""
    extension = Path(filename).suffix.lower()[:8]
    return f"meeting/{instance.meeting_id}/{uuid.uuid4().hex}{extension}"


class MeetingFile(EvidenceFile):
    """A photo or a PDF (sign-in sheet, minutes) kept as evidence that a meeting was held."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files", verbose_name=_("meeting"))
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage, max_length=200)

    class Meta(EvidenceFile.Meta):
        pass

    def audit_region_path(self) -> str:
        return self.meeting.organisation.region.path


# The file on disk goes with its row (a file removed, or its meeting deleted), once the deletion is committed.
post_delete.connect(remove_stored_file, sender=MeetingFile, dispatch_uid="meetings.remove_stored_file")


class AbsenceCount(models.Model):
    """A member's meetings missed in a year (absent, on leave, the last one): a roll-up of the attendance, kept by
    guifan.meetings.actions in the transaction that records a meeting (guifan.meetings.rollups), so that the page of
    the members who missed meetings reads a row per member instead of a city's millions of attendance rows."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("member"), db_index=False)
    year = models.PositiveSmallIntegerField(_("year"))
    absent = models.PositiveIntegerField(_("absent"), default=0)
    leave = models.PositiveIntegerField(_("on leave"), default=0)
    last = models.DateField(_("last missed"))

    class Meta:
        verbose_name = _("meetings missed")
        verbose_name_plural = _("meetings missed")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="absence_count_member_year")]
        indexes = [models.Index(fields=["year", "-absent", "-leave", "member"], name="absence_count_year_order")]

    def __str__(self):
        return f"{self.member_id} {self.year}"
