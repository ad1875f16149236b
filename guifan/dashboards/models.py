"""The one thing the dashboards store: a region's boundary file (GeoJSON) for the map, with its 审图号.

Everything else the dashboards show is read from the stored results of the apps below (assessment, rating,
reporting, rectification, funding); nothing is recomputed here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.regions.models import Region


class BoundaryFile(models.Model):
    """The boundaries of a region's children (a GeoJSON FeatureCollection, each feature naming its region code in
    `code_property`), stored as validated text: one per region, replaced by a new upload."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    name = models.CharField(_("file name"), max_length=200)
    geojson = models.TextField(_("GeoJSON"))
    code_property = models.CharField(_("property naming the region code"), max_length=50)
    approval_number = models.CharField(_("map approval number (审图号)"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("boundary file")
        verbose_name_plural = _("boundary files")

    def __str__(self):
        return f"{self.region} · {self.approval_number}"
