"""The reporting workflow's own records: each step of a report's way up (`ReportEvent`) and the notices reporters
get (`Notice`). The report itself and its values are the facts store's (`guifan.facts.models.FactReport`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core.vocabulary import level_name
from guifan.facts.models import FactReport, Period
from guifan.orgs.models import Organisation


class ReportEvent(models.Model):
    """One step of a report's way up: submitted, approved or returned at a level, reopened (issue 6)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        REOPEN = "reopen", _("Reopened")

    report = models.ForeignKey(FactReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    level = models.CharField(_("level"), max_length=10, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("by"))
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "facts_reportevent"
        ordering = ["-time", "-id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.report} {self.get_action_display()} {self.get_level_display()}".strip()

    def get_level_display(self) -> str:
        """The level the step was taken at, in words (乡镇（街道）级…); "" for a step of the organisation itself."""
        return level_name(self.level)


class Notice(models.Model):
    """An in-app notification for a reporter: a reminder to report, or a report returned with its reason."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        RETURNED = "returned", _("Returned")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                             verbose_name=_("for"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", verbose_name=_("period"))
    reason = models.TextField(_("reason"), blank=True)
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        db_table = "facts_notice"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="facts_notic_user_id_598d07_idx")]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.kind} {self.organisation} {self.period}"


class CompletenessCount(models.Model):
    """Completeness of one period for the organisations registered at one region itself (not below it): expected,
    received, approved and late reports as guifan.reporting.completeness counts them. A region's page adds up the
    rows of its subtree (a few hundred at most). Written by guifan.reporting.completeness, never by hand."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", verbose_name=_("period"))
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("region"))
    expected = models.PositiveIntegerField(_("expected"), default=0)
    received = models.PositiveIntegerField(_("received"), default=0)
    approved = models.PositiveIntegerField(_("approved"), default=0)
    late = models.PositiveIntegerField(_("late"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "region"], name="completeness_count_unique")]
        verbose_name = _("completeness count")
        verbose_name_plural = _("completeness counts")

    def __str__(self):
        return f"{self.period} {self.region_id}: {self.received}/{self.expected}"
