"""Stored standard packs: each loaded file is one version, kept with its text and checksum (CISO Assistant's way)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PackVersion(models.Model):
    """One loaded pack file. Results keep the version they were judged with, so versions are never deleted."""

    pack_id = models.CharField(_("pack"), max_length=100, db_index=True)
    version = models.CharField(_("version"), max_length=50)
    checksum = models.CharField(_("checksum"), max_length=64, unique=True, help_text=_("SHA-256 of the file."))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    criteria_count = models.PositiveIntegerField(_("criteria"), default=0)
    facts_count = models.PositiveIntegerField(_("facts"), default=0)
    source = models.TextField(_("source text"), help_text=_("The YAML file as loaded."))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        ordering = ["pack_id", "-loaded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["pack_id", "version"], name="pack_version_unique")]
        verbose_name = _("standard pack version")
        verbose_name_plural = _("standard pack versions")

    def __str__(self):
        return f"{self.pack_id}@{self.version}"

    def pack(self):
        """The parsed Pack (guifan.standards.pack.Pack), parsed once per instance."""
        cached = getattr(self, "_pack", None)
        if cached is None or cached.checksum != self.checksum:
            from guifan.standards.pack import parse_pack

            cached = self._pack = parse_pack(self.source, str(self))
        return cached
