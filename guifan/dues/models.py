"""Party dues (党费, GUAR-N-01). The bands are the pack's (`rules:` `dues:`, guifan/standards/dues_rules.py).

`DuesAssessment` is a member's monthly amount for a year (核定), set from the after-tax monthly income they declare
and their category; the income is personal data: stored encrypted (`income_encrypted`), never in clear, never in the
change log. `DuesPayment` is one month paid (or a special payment, which goes up to the centre in full); a month is
paid once. `DuesReturn` is the dues returned to an organisation for a year (two-new organisations get theirs back
in full, GUAR-N-01).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DuesAssessment(models.Model):
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_assessments",
                               verbose_name=_("member"), db_index=False)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("dues category"), max_length=64, help_text=_("A dues category of the standard pack."))
    income_encrypted = models.TextField(_("declared income (encrypted)"), blank=True, editable=False)
    monthly_amount = models.DecimalField(_("monthly dues"), max_digits=10, decimal_places=2)
    # The months of the year paid, bit m-1 for month m: a roll-up of the monthly payments, kept by guifan.dues.actions
    # with every payment recorded, so that the arrears of a city are counted without reading its payments.
    months_paid = models.PositiveIntegerField(_("months paid"), default=0, db_default=0, editable=False)
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    audit_related = "member"

    class Meta:
        verbose_name = _("dues assessment")
        verbose_name_plural = _("dues assessments")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="dues_assessment_member_year")]
        indexes = [models.Index(fields=["organisation", "year"], name="dues_assess_org_year")]

    def __str__(self):
        return f"{self.member_id} {self.year}"


class DuesPayment(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly dues")
        SPECIAL = "special", _("Special payment")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_payments",
                               verbose_name=_("member"), db_index=False)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"), db_index=False)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"), db_index=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    audit_related = "member"

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        constraints = [models.UniqueConstraint(fields=["member", "year", "month", "kind"],
                                               name="dues_payment_member_month")]
        indexes = [models.Index(fields=["organisation", "year", "month"], name="dues_pay_org_month")]

    def __str__(self):
        return f"{self.member_id} {self.year}-{self.month:02d}"


class DuesReturn(models.Model):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"), db_index=False)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount returned"), max_digits=14, decimal_places=2)
    returned_on = models.DateField(_("returned on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"), db_index=False)

    class Meta:
        verbose_name = _("refund of dues")
        verbose_name_plural = _("refunds of dues")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="dues_return_org_year")]

    def __str__(self):
        return f"{self.organisation_id} {self.year}"
