"""A user's role and the subtree it covers, and requests to grant one.

One role per user, so the roles exclude each other: a data role (city ... member) or one of the three
administrators of 三员分立 (system, security, audit), who see no register data."""

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
        SYSTEM_ADMIN = "system_admin", _("System administrator")
        SECURITY_ADMIN = "security_admin", _("Security administrator")
        AUDIT_ADMIN = "audit_admin", _("Audit administrator")

    REGION_LEVEL = {Kind.CITY: Region.Level.CITY, Kind.COUNTY: Region.Level.COUNTY,
                    Kind.TOWNSHIP: Region.Level.TOWNSHIP}
    # 三员分立: accounts and settings / roles, scopes and policies / the audit trail. No register data.
    ADMIN_KINDS = frozenset({Kind.SYSTEM_ADMIN, Kind.SECURITY_ADMIN, Kind.AUDIT_ADMIN})
    # The data roles from the top down: a role grants (by request) only kinds strictly below its own.
    DATA_RANK = {Kind.CITY: 0, Kind.COUNTY: 1, Kind.TOWNSHIP: 2, Kind.ORGANISATION: 3, Kind.MEMBER: 4}

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
        return f"{self.get_kind_display()}: {target}" if target is not None else str(self.get_kind_display())

    def audit_region_path(self) -> str:
        """The path of the region the role's scope sits in: a grant is logged in that region's change log."""
        return scope_region_path(self.region, self.organisation, self.member)

    def clean(self):
        clean_scope(self.kind, self.region, self.organisation, self.member, getattr(self, "user", None))


def scope_region_path(region, organisation, member) -> str:
    if region is not None:
        return region.path
    if organisation is not None:
        return organisation.region.path
    if member is not None:
        return member.organisation.region.path
    return ""


def clean_scope(kind, region, organisation, member, user=None) -> None:
    """A role's kind and target agree: a region of the matching level, an organisation, a member, or nothing for the
    three administrators (who may not be superusers)."""
    if kind in Role.ADMIN_KINDS:
        if region or organisation or member:
            raise ValidationError(_("An administrator role covers no region, organisation or member."))
        if user is not None and user.is_superuser:
            raise ValidationError(_("An administrator role is held by an ordinary account, not a superuser."))
        return
    if kind in Role.REGION_LEVEL:
        if not region or region.level != Role.REGION_LEVEL[kind]:
            raise ValidationError(_("This role needs a region of the matching level."))
    elif kind == Role.Kind.ORGANISATION and not organisation:
        raise ValidationError(_("An organisation role needs an organisation."))
    elif kind == Role.Kind.MEMBER and not member:
        raise ValidationError(_("A member role needs a member."))


class RoleGrant(models.Model):
    """A request to give a user a role: made by a region administrator (or the security administrator), approved
    or refused by the security administrator. Approval sets the user's role."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants",
                             verbose_name=_("account"))
    kind = models.CharField(_("role"), max_length=15, choices=Role.Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    # CASCADE: the register is never deleted in use (organisations are dissolved, members leave), but `guifan seed
    # --flush` clears it; the request and its decision stay in the change log.
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True,
                                     verbose_name=_("organisation"))
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, null=True, blank=True,
                               verbose_name=_("member"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")

    def __str__(self):
        target = self.region or self.organisation or self.member
        return f"{self.user}: {self.get_kind_display()}" + (f" {target}" if target else "")

    def audit_region_path(self) -> str:
        return scope_region_path(self.region, self.organisation, self.member)


from .password_models import PasswordHistory, PasswordState  # noqa: E402, F401  (kept apart: fewer merge conflicts)
