"""Administrative divisions (GB/T 2260 codes) as a tree with a materialised path of codes
(guifan.core.tree); ended divisions are kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core.tree import TreeNode, TreeQuerySet
from guifan.core.vocabulary import RegionLevel


class RegionQuerySet(TreeQuerySet):
    def current(self):
        return self.filter(valid_to__isnull=True)


class Region(TreeNode):
    path_key = "code"

    Level = RegionLevel  # the one spelling of the levels (guifan.core.vocabulary)
    # The change log's words for a divisions load (guifan.regions.loader): {"created": [codes], "changed": {…}}.
    audit_labels = {"created": _("divisions added"), "changed": _("divisions changed")}

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty while the division exists."))
    successor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors",
        verbose_name=_("successor"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def is_township(self):
        return self.level == self.Level.TOWNSHIP

    @property
    def is_street(self):
        """Streets (街道) carry codes 001-099 in the township segment."""
        return self.is_township and self.code[-3] == "0"

    def audit_region_path(self):
        return self.path
