"""Host units (the bodies organisations sit in) and party organisations, one tree with a materialised path."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core.vocabulary import Domain  # noqa: F401 - the domains' one home; imported from here as before
from guifan.regions.models import Region


class HostUnit(models.Model):
    class Kind(models.TextChoices):
        ADMIN_VILLAGE = "admin_village", _("Administrative village")
        RURAL_COMMUNITY = "rural_community", _("Rural community")
        VILLAGER_GROUP = "villager_group", _("Villager group")
        HAMLET = "hamlet", _("Hamlet")
        STREET = "street", _("Street")
        COMMUNITY = "community", _("Community")
        COMPOUND = "compound", _("Compound")
        BUILDING = "building", _("Building")
        ENTERPRISE = "enterprise", _("Non-public enterprise")
        SOCIAL_ORG = "social_org", _("Social organisation")
        AGENCY = "agency", _("Agency or public institution")
        SOE = "soe", _("State-owned enterprise")

    DOMAIN_OF_KIND = {
        Kind.ADMIN_VILLAGE: Domain.RURAL, Kind.RURAL_COMMUNITY: Domain.RURAL,
        Kind.VILLAGER_GROUP: Domain.RURAL, Kind.HAMLET: Domain.RURAL,
        Kind.STREET: Domain.URBAN, Kind.COMMUNITY: Domain.URBAN,
        Kind.COMPOUND: Domain.URBAN, Kind.BUILDING: Domain.URBAN,
        Kind.ENTERPRISE: Domain.TWO_NEW, Kind.SOCIAL_ORG: Domain.TWO_NEW,
        Kind.AGENCY: Domain.AGENCY, Kind.SOE: Domain.SOE,
    }

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="host_units", verbose_name=_("region"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    headcount = models.PositiveIntegerField(
        _("headcount"), null=True, blank=True,
        help_text=_("Staff of an enterprise, organisation or agency; residents of a village or community."),
    )
    is_poor_village = models.BooleanField(_("poor village"), default=False)
    is_substantive = models.BooleanField(
        _("substantive"), default=True, help_text=_("For social organisations: a substantive (实体性) organisation.")
    )
    is_window_unit = models.BooleanField(_("window unit"), default=False)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("host unit")
        verbose_name_plural = _("host units")

    def __str__(self):
        return self.name

    @property
    def domain(self):
        return self.DOMAIN_OF_KIND[self.kind]

    def audit_region_path(self):
        return self.region.path


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)

    def within(self, org):
        return self.filter(path__startswith=org.path)

    def in_region(self, region):
        return self.filter(region__path__startswith=region.path)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General branch")
        BRANCH = "branch", _("Branch")
        GROUP = "group", _("Party group")

    class SetUp(models.TextChoices):
        SEPARATE = "separate", _("Separate")
        JOINT = "joint", _("Joint")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent organisation"),
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    host_unit = models.ForeignKey(
        HostUnit, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("host unit")
    )
    covered_units = models.ManyToManyField(
        HostUnit, blank=True, related_name="joint_organisations", verbose_name=_("units covered jointly"),
        help_text=_("Other units a joint organisation covers."),
    )
    # Denormalised from the host unit so that scope and roll-ups are one prefix query.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region"))
    domain = models.CharField(_("domain"), max_length=1, choices=Domain.choices, db_index=True)
    setup = models.CharField(_("set-up"), max_length=10, choices=SetUp.choices, default=SetUp.SEPARATE)
    is_regional = models.BooleanField(
        _("regional organisation"), default=False,
        help_text=_("A regional organisation of a business district, building cluster or park (TEAM-U-02)."),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    term_start = models.DateField(_("current term start"), null=True, blank=True)
    term_end = models.DateField(_("current term end"), null=True, blank=True)
    secretary = models.ForeignKey(
        "members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("secretary"),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.host_unit_id and not self.region_id:
            self.region_id = self.host_unit.region_id
        if self.host_unit_id and not self.domain:
            self.domain = self.host_unit.domain
        if not self.pk:
            self.path = "/"
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k != "force_insert"}
            kwargs.pop("using", None)
        old_path = self.path
        self.compute_path()
        super().save(*args, **kwargs)
        if old_path not in ("/", self.path):
            self._move_subtree(old_path)

    def compute_path(self) -> None:
        """Path from the root: /pk/pk/…/; needs a primary key, so saved objects only."""
        parent_path = self.parent.path if self.parent_id else "/"
        self.path = f"{parent_path}{self.pk}/"
        self.depth = self.path.count("/") - 2

    def _move_subtree(self, old_path: str) -> None:
        for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk).order_by("depth"):
            child.compute_path()
            Organisation.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1]]
        return list(Organisation.objects.filter(pk__in=ids).order_by("depth"))

    def audit_region_path(self):
        return self.region.path if self.region_id else ""

    @property
    def can_hold_members(self) -> bool:
        """Members belong to a branch-level unit: never directly to a party group."""
        return self.kind != self.Kind.GROUP
