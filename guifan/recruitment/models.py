"""Recruiting members (发展党员, 中国共产党发展党员工作细则 2014; ACT-G-03, TEAM-R-04). The steps are the pack's
(`rules:` `recruitment:`, guifan/standards/recruitment_rules.py).

An `Applicant` is a person on the way to membership in a branch: personal data as members.Member keeps it (the ID
number encrypted, found by keyed hash, listed masked; the birth month only). `last_step` and `last_step_on` are the
step reached (denormalised so that a region's pipeline is one GROUP BY). Once approved (the pack's `admits` step)
the applicant is a probationary member (`member`, made through members.actions). A `StepRecord` is one step done:
its date, the people involved (introducers, contact people: members), the vote of a branch meeting, the training,
the public notice; the political review's conclusion is sensitive: stored encrypted, shown masked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core import crypto, idcard


class Applicant(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_month = models.DateField(_("birth month"), help_text=_("Year and month of birth; the day is always 1."))
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("ID number hash"), max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="applicants",
                                     verbose_name=_("branch"))
    last_step = models.CharField(_("step reached"), max_length=40)
    last_step_on = models.DateField(_("date of the step reached"))
    member = models.OneToOneField("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="recruitment", verbose_name=_("member"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    audit_related = "organisation"
    audit_year_month = {"birth_month": _("birth month")}

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        indexes = [models.Index(fields=["organisation", "last_step"], name="recruit_org_step")]
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")

    def __str__(self):
        return f"{self.name} ({self.id_number_masked})"

    @property
    def birth_year_month(self) -> str:
        return idcard.year_month(self.birth_month)

    def set_id_number(self, number: str) -> None:
        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_hash = crypto.keyed_hash(number)
        self.id_number_masked = crypto.mask_id_number(number)
        self.birth_month = idcard.first_of_month(idcard.birth_date_of(number))

    def reveal_id_number(self) -> str:
        """Callers audit the view (guifan.core.audit.record_sensitive_view) unless it goes to members.actions."""
        return crypto.decrypt(self.id_number_encrypted)

    def audit_region_path(self):
        return self.organisation.region.path


class StepRecord(models.Model):
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="steps",
                                  verbose_name=_("applicant"))
    step = models.CharField(_("step"), max_length=40)
    done_on = models.DateField(_("date"))
    people = models.ManyToManyField("members.Member", blank=True, related_name="+",
                                    verbose_name=_("people involved"))
    notes = models.TextField(_("notes"), blank=True)
    conclusion_encrypted = models.TextField(_("conclusion (encrypted)"), blank=True, editable=False)
    eligible_voters = models.PositiveIntegerField(_("full members with a vote"), null=True, blank=True)
    present_voters = models.PositiveIntegerField(_("full members with a vote present"), null=True, blank=True)
    in_favour = models.PositiveIntegerField(_("votes in favour"), null=True, blank=True)
    training_days = models.DecimalField(_("training days"), max_digits=5, decimal_places=1, null=True, blank=True)
    training_hours = models.DecimalField(_("training hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    notice_from = models.DateField(_("notice posted on"), null=True, blank=True)
    notice_until = models.DateField(_("notice ends on"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("probation extended by (months)"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"), db_index=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    audit_related = "applicant"

    class Meta:
        ordering = ["applicant_id", "done_on", "id"]
        indexes = [models.Index(fields=["step", "done_on"], name="recruit_step_date")]
        verbose_name = _("recruitment step")
        verbose_name_plural = _("recruitment steps")

    def __str__(self):
        return f"{self.applicant_id} {self.step} {self.done_on}"

    def reveal_conclusion(self) -> str:
        """Callers audit the view (guifan.core.audit.record_sensitive_view)."""
        return crypto.decrypt(self.conclusion_encrypted) if self.conclusion_encrypted else ""

    def audit_region_path(self):
        return self.applicant.organisation.region.path
