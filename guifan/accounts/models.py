"""A user's role and the subtree it covers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.regions.models import Region


class Role(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")
        TOWNSHIP = "township", _("Township or street")
        ORGANISATION = "organisation", _("Organisation")
        MEMBER = "member", _("Member")

    REGION_LEVEL = {Kind.CITY: Region.Level.CITY, Kind.COUNTY: Region.Level.COUNTY,
                    Kind.TOWNSHIP: Region.Level.TOWNSHIP}

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role")
    kind = models.CharField(_("role"), max_length=15, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("organisation")
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        target = self.region or self.organisation or self.member
        return f"{self.get_kind_display()}: {target}"

    def clean(self):
        if self.kind in self.REGION_LEVEL:
            if not self.region or self.region.level != self.REGION_LEVEL[self.kind]:
                raise ValidationError(_("This role needs a region of the matching level."))
        elif self.kind == self.Kind.ORGANISATION and not self.organisation:
            raise ValidationError(_("An organisation role needs an organisation."))
        elif self.kind == self.Kind.MEMBER and not self.member:
            raise ValidationError(_("A member role needs a member."))


from .password_models import PasswordHistory, PasswordState  # noqa: E402, F401  (kept apart: fewer merge conflicts)
