"""Member points (积分制, M08). The point rules are the pack's (`rules:` entries with `points:`,
guifan/standards/point_rules.py); nothing here knows a point value.

`PointEntry` is the ledger, never changed once written (a correction is a new entry): the points asked for and
decided, and, per member and item, the movements of what the records give (an attendance, an enrolment, a
paper): the first computation of a year writes each item's points with the number of records counted, later ones
only the difference (a meeting recorded adds; a member marked absent after all takes the points back). Which record
earned what is computed from the records themselves (`actions.earned_by_records`), so a record never earns twice.
`PointTotal` is the stored roll-up per member and year that pages read: points, rank in the branch, promotion
level, and the results' use (recommended, to talk with).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PointEntry(models.Model):
    class Source(models.TextChoices):
        BASE = "base", _("Base points")
        AUTO = "auto", _("From the records")
        DEDUCTION = "deduction", _("Deduction")
        REQUEST = "request", _("Requested")
        CORRECTION = "correction", _("Correction")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Counted")
        REFUSED = "refused", _("Refused")

    class Record(models.TextChoices):
        NONE = "", _("None")
        YEAR = "year", _("Year")
        ATTENDANCE = "attendance", _("Meeting attendance")
        ENROLMENT = "enrolment", _("Course completed")
        PAPER = "paper", _("Exam passed")

    # No index of its own: the unique constraint below leads with the member (millions of rows: each index costs).
    # No database constraints on the ledger's keys: checking each of millions of rows at commit costs more than
    # writing them; Django's on_delete still protects a member with entries.
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="point_entries",
                               verbose_name=_("member"), db_index=False, db_constraint=False)
    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(_("item"), max_length=64, help_text=_("A point item of the standard pack."))
    category = models.CharField(_("category"), max_length=64)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=1)
    occurred_on = models.DateField(_("occurred on"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    record_kind = models.CharField(_("record"), max_length=12, choices=Record.choices, blank=True, default="")
    record_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    records = models.PositiveIntegerField(_("records counted"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.APPROVED)
    capped = models.BooleanField(_("cut by the cap"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"), db_index=False,
                                     db_constraint=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"), db_index=False,
                                   db_constraint=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
                                 verbose_name=_("corrects"), db_index=False, db_constraint=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    audit_related = "member"

    class Meta:
        verbose_name = _("point entry")
        verbose_name_plural = _("point entries")
        ordering = ["-occurred_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member", "item", "record_kind", "record_id"],
                                               name="point_entry_once_per_record")]
        indexes = [models.Index(fields=["state", "year"])]

    def __str__(self):
        return f"{self.member_id} {self.item} {self.points}"

    def save(self, *args, **kwargs):
        """Written once: a counted entry is corrected by a new entry (actions.correct), and a request's decision
        is recorded by actions.decide."""
        if self.pk is not None and not self._state.adding:
            raise ValueError("a point entry is never updated; record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a point entry is never deleted; record a correction instead")


class PointTotal(models.Model):
    """A member's points of a year (approved entries only), kept by guifan.points.actions.compute_year."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="point_totals",
                               verbose_name=_("member"), db_index=False)  # the unique constraint leads with it
    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="point_totals",
                                     verbose_name=_("branch"))
    category = models.CharField(_("category"), max_length=64)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=1)
    earned = models.DecimalField(_("earned"), max_digits=8, decimal_places=1, default=0)
    deducted = models.DecimalField(_("deducted"), max_digits=8, decimal_places=1, default=0)
    rank_in_branch = models.PositiveIntegerField(_("rank in the branch"))
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    recommended = models.BooleanField(_("recommended"), default=False)
    talk_with = models.BooleanField(_("to talk with"), default=False)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("points of the year")
        verbose_name_plural = _("points of the years")
        ordering = ["year", "organisation_id", "rank_in_branch"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="point_total_once_per_year")]
        indexes = [models.Index(fields=["year", "organisation", "rank_in_branch"])]

    def __str__(self):
        return f"{self.member_id} {self.year} {self.points}"
