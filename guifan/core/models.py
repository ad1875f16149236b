"""What every app shares: the change log of every change (register, reports, approvals, assessment runs) and the
log of unmasked views of personal data."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeLog(models.Model):
    """One row per change of any object (NetBox's ObjectChange): who, when, in which request, what object and which
object it belongs to (a member's organisation, a report's organisation), before and after (personal data masked).
Register edits, imports, transfers, report submissions and approvals, and assessment runs all write here."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        RUN = "run", _("Run")

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("object type"))
    # The content type's label ("orgs.organisation"), kept beside it for filters and scoped queries.
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    related_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("related object type"))
    related_id = models.CharField(_("related object id"), max_length=40, blank=True)
    related_repr = models.CharField(_("related object"), max_length=200, blank=True)
    request_id = models.UUIDField(_("request"), null=True, blank=True, db_index=True,
                                  help_text=_("The web request (or command run) that made the change."))
    # The path of the region the object sits in, so a scoped user sees only changes in their subtree.
    region_path = models.CharField(_("region path"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=30, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class SensitiveAccess(models.Model):
    """Every time a person's full ID number or phone is shown, who saw whose, and why."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("user"))
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    fields = models.CharField(_("fields"), max_length=100)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("unmasked view")
        verbose_name_plural = _("unmasked views")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.user} {self.object_repr}"
