"""The reporting workflow's own records: each step of a report's way up (`ReportEvent`) and the notices reporters
get (`Notice`). The report itself and its values are the facts store's (`guifan.facts.models.FactReport`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
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
    """An in-app notice for a user: a reminder to report, a report returned with its reason, or a scheduled reminder
    of something coming due (a probation ending, a term ending, a rectification task's deadline: guifan.reporting.
    reminders). `key` names what a scheduled reminder is about and its stage (due soon, overdue), so the same
    reminder is never sent twice. The text is put together when shown, in the reader's language (`text`)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        RETURNED = "returned", _("Returned")
        PROBATION = "probation", _("Probation ending")
        TERM = "term", _("Term ending")
        DEADLINE = "deadline", _("Deadline")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                             verbose_name=_("for"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", null=True, blank=True,
                               verbose_name=_("period"))
    reason = models.TextField(_("reason"), blank=True)
    subject = models.CharField(_("about"), max_length=200, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("key"), max_length=120, blank=True, db_index=True)
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
        return f"{self.kind} {self.organisation} {self.period or self.due}"

    def text(self) -> str:
        """The notice in words, in the active language."""
        org, due = self.organisation.name, self.due.isoformat() if self.due else ""
        if self.kind == self.Kind.RETURNED:
            return _("The report of %(org)s for %(period)s was returned: %(reason)s") % {
                "org": org, "period": self.period.label, "reason": self.reason}
        if self.kind == self.Kind.REMINDER:
            return _("Reminder: please fill in and submit the report of %(org)s for %(period)s.") % {
                "org": org, "period": self.period.label}
        if self.kind == self.Kind.PROBATION:
            return _("The probation of %(member)s (%(org)s) ends on %(due)s: prepare the branch meeting that decides "
                     "on full membership.") % {"member": self.subject, "org": org, "due": due}
        if self.kind == self.Kind.TERM:
            return _("The term of %(org)s ends on %(due)s: prepare the election.") % {"org": org, "due": due}
        return _("%(what)s (%(org)s) is due on %(due)s.") % {"what": self.subject, "org": org, "due": due}

    def url(self) -> str:
        if self.link:
            return self.link
        if self.period_id:
            return reverse("reporting:report", args=[self.organisation_id, self.period.code])
        return reverse("orgs:detail", args=[self.organisation_id])

    @property
    def is_warning(self) -> bool:
        """Returned, or sent when already overdue (the key's stage, guifan.reporting.reminders)."""
        return self.kind == self.Kind.RETURNED or self.key.endswith(":overdue")


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
    # Of the approved: how far up they have gone (a township's own approvals are the rest), for the to-do lists.
    approved_unlevelled = models.PositiveIntegerField(_("approved without a level"), default=0)
    approved_county = models.PositiveIntegerField(_("approved up to the county"), default=0)
    approved_city = models.PositiveIntegerField(_("approved up to the city"), default=0)
    late = models.PositiveIntegerField(_("late"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "region"], name="completeness_count_unique")]
        verbose_name = _("completeness count")
        verbose_name_plural = _("completeness counts")

    def __str__(self):
        return f"{self.period} {self.region_id}: {self.received}/{self.expected}"
