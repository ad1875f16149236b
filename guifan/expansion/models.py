"""The expansion list (扩面, SPEC M01, ORG-G-01): a task per gap the register shows, given to the township the unit or
organisation lies in, with a deadline from the pack's days. A gap is a unit that should have a party organisation
and has none, a unit with 3 or more full members and no organisation of its own, or an organisation whose kind does
not match its member count (guifan.standards.expansion_rules names them; guifan.expansion.gaps finds them).

A task is open until a user closes it, which the register must then show fixed (the check is run again for its
unit or organisation); an open task past its deadline is overdue (computed, never stored). Finding again never
duplicates: a task's `key` is its gap and its unit or organisation, and a fixed task whose gap came back is reopened.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpansionTask(models.Model):
    class Gap(models.TextChoices):
        UNCOVERED_UNIT = "uncovered_unit", _("Unit without a party organisation")
        UNIT_WITH_FULL_MEMBERS = "unit_with_full_members", _("Unit with full members and no organisation of its own")
        KIND_MISMATCH = "kind_mismatch", _("Organisation kind does not match its member count")

    class State(models.TextChoices):
        OPEN = "open", _("Not yet closed")
        FIXED = "fixed", _("Fixed")

    OVERDUE = "overdue"  # shown for an open task past its deadline

    key = models.CharField(_("key"), max_length=60, unique=True, editable=False)
    gap = models.CharField(_("gap"), max_length=30, choices=Gap.choices, db_index=True)
    detail = models.CharField(_("rule"), max_length=40, blank=True,
                              help_text=_("The register rule that shows the gap (a coverage code or a breach code)."))
    host_unit = models.ForeignKey("orgs.HostUnit", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="expansion_tasks", verbose_name=_("host unit"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="expansion_tasks", verbose_name=_("organisation"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="expansion_tasks",
                               verbose_name=_("assigned to"))
    headcount = models.PositiveIntegerField(_("staff when found"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members when found"), null=True, blank=True)
    full_members = models.PositiveIntegerField(_("full members when found"), null=True, blank=True)
    found_on = models.DateField(_("found on"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    note = models.CharField(_("note"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    class Meta:
        ordering = ["state", "deadline", "pk"]
        indexes = [models.Index(fields=["region", "state", "deadline"], name="expansion_region_state")]
        verbose_name = _("expansion task")
        verbose_name_plural = _("expansion tasks")

    def __str__(self):
        return f"{self.get_gap_display()}: {self.subject_name}"

    @property
    def subject_name(self) -> str:
        subject = self.organisation if self.organisation_id else self.host_unit
        return subject.name if subject is not None else ""

    def status(self, today: dt.date) -> str:
        """open, fixed or overdue (open past its deadline)."""
        if self.state == self.State.OPEN and self.deadline < today:
            return self.OVERDUE
        return self.state

    def audit_region_path(self) -> str:
        return self.region.path


def task_key(gap: str, *, unit_id: int | None = None, organisation_id: int | None = None) -> str:
    return f"{gap}:o{organisation_id}" if organisation_id else f"{gap}:u{unit_id}"
