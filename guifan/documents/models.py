"""Official documents (公文, issue 14.3): the 通报 of a year (criticism with deadlines, commendations, the year's
results), a region's yearly report and an organisation's check-up report, made as Word files in the GB/T 9704-2012
layout from the stored results (guifan.documents.content) and a template an office may replace (IssuerTemplate).

A document's number is 〔year〕N号, N counting per issuing region and year. A notice records its recipients, the
deadline it sets and the responses (整改报告) they send; a recipient past its deadline with no response is overdue
(a reminder on the documents page)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Kind(models.TextChoices):
        NOTICE_CRITICISM = "notice_criticism", _("Notice of criticism")
        NOTICE_COMMENDATION = "notice_commendation", _("Notice of commendation")
        RESULTS = "results", _("Notice of the year's results")
        YEARLY_REPORT = "yearly_report", _("Yearly report of the region")
        CHECKUP = "checkup", _("Check-up report of an organisation")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    issuer = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="documents",
                               verbose_name=_("issuing region"))
    serial = models.PositiveIntegerField(_("serial number"))
    number = models.CharField(_("document number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="documents", verbose_name=_("organisation"))
    run = models.ForeignKey("assessment.AssessmentRun", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name=_("assessment run"))
    body = models.JSONField(_("body"), default=list, blank=True)
    deadline = models.DateField(_("deadline for responses"), null=True, blank=True)
    docx = models.BinaryField(_("Word file"))
    pdf = models.BinaryField(_("PDF file"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "serial"], name="document_number_unique")]
        ordering = ["-created_at", "-pk"]
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")

    def __str__(self):
        return f"{self.number} {self.title}"

    def audit_region_path(self) -> str:
        return self.issuer.path


class RecipientQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Recipients asked for a response whose deadline has passed with none received."""
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today, received_at__isnull=True)


class Recipient(models.Model):
    class State(models.TextChoices):
        NOT_ASKED = "not_asked", _("No response asked")
        AWAITING = "awaiting", _("Response awaited")
        OVERDUE = "overdue", _("Response overdue")
        RECEIVED = "received", _("Response received")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients",
                                 verbose_name=_("document"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="document_recipients", verbose_name=_("organisation"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    response_text = models.TextField(_("rectification report"), blank=True)
    response_file = models.BinaryField(_("rectification report file"), null=True, blank=True)
    response_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("received by"))

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["document", "pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self):
        return str(self.organisation or self.region)

    @property
    def name(self) -> str:
        return (self.organisation or self.region).name

    def state(self, today=None) -> str:
        if self.received_at is not None:
            return self.State.RECEIVED
        if self.deadline is None:
            return self.State.NOT_ASKED
        today = today or timezone.localdate()
        return self.State.OVERDUE if self.deadline < today else self.State.AWAITING

    def state_label(self) -> str:
        return self.State(self.state()).label

    def audit_region_path(self) -> str:
        return self.organisation.region.path if self.organisation_id else self.region.path


class IssuerTemplate(models.Model):
    """An office's own letterhead: a replacement of the shipped template for the documents its region issues."""

    issuer = models.OneToOneField("regions.Region", on_delete=models.CASCADE, related_name="document_template",
                                  verbose_name=_("issuing region"))
    docx = models.BinaryField(_("template"))
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self):
        return self.file_name

    def audit_region_path(self) -> str:
        return self.issuer.path
