"""Per account: when its password was last set, whether it must be changed, and the hashes of earlier passwords."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordState(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state")
    changed_at = models.DateTimeField(_("password last set"), null=True, blank=True)
    must_change = models.BooleanField(
        _("must change password"), default=True,
        help_text=_("Set for a new account and after an administrator sets the password; cleared when the user "
                    "chooses their own."))
    demo_exempt = models.BooleanField(
        _("demo account"), default=False, editable=False,
        help_text=_("Demo accounts skip the forced and periodic change; honoured only with DEBUG on."))

    class Meta:
        verbose_name = _("password state")
        verbose_name_plural = _("password states")

    def __str__(self):
        return str(self.user)


class PasswordHistory(models.Model):
    """One row per password set, the hash only; the newest few are checked against reuse."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier password")
        verbose_name_plural = _("earlier passwords")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"
