"""Host units (the bodies organisations sit in) and party organisations, one tree with a materialised path of
primary keys (guifan.core.tree)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guifan.core.tree import TreeNode, TreeQuerySet
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


class OrganisationQuerySet(TreeQuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)

    def in_region(self, region):
        return self.filter(region__path__startswith=region.path)


class Organisation(TreeNode):
    path_key = "pk"

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General branch")
        BRANCH = "branch", _("Branch")
        GROUP = "group", _("Party group")

    class SetUp(models.TextChoices):
        SEPARATE = "separate", _("Separate")
        JOINT = "joint", _("Joint")

    class Purpose(models.TextChoices):
        """What the organisation is for (M01 扩面): a regular one, a task-specific one set up for a project, poverty
        relief or a pilot (拓展型、攻坚型), or a functional one by the members' interests in cities (功能型)."""

        REGULAR = "regular", _("Regular")
        TASK_PROJECT = "task_project", _("Task-specific: key project")
        TASK_POVERTY = "task_poverty", _("Task-specific: poverty relief")
        TASK_PILOT = "task_pilot", _("Task-specific: pilot or model work")
        FUNCTIONAL_SERVICE = "functional_service", _("Functional: social service")
        FUNCTIONAL_CULTURE = "functional_culture", _("Functional: culture and recreation")
        FUNCTIONAL_SPORT = "functional_sport", _("Functional: sport and fitness")

    TASK_SPECIFIC = (Purpose.TASK_PROJECT, Purpose.TASK_POVERTY, Purpose.TASK_PILOT)
    FUNCTIONAL = (Purpose.FUNCTIONAL_SERVICE, Purpose.FUNCTIONAL_CULTURE, Purpose.FUNCTIONAL_SPORT)

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent organisation"),
    )
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
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.REGULAR, db_index=True,
        help_text=_("Task-specific organisations (projects, poverty relief, pilots) and functional ones (by interest, "
                    "in cities) are kinds in the register (M01)."),
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
        super().save(*args, **kwargs)

    def audit_region_path(self):
        return self.region.path if self.region_id else ""

    @property
    def can_hold_members(self) -> bool:
        """Members belong to a branch-level unit: never directly to a party group."""
        return self.kind != self.Kind.GROUP


# Stored roll-ups of the register (written by guifan.orgs.rollups and guifan.members.rollups, never by hand): pages
# read these instead of walking the tree.

class OrganisationStructure(models.Model):
    """One row per organisation with its region at each level (DHIS2's _orgunitstructure), so that a roll-up over
    regions is one GROUP BY: the city, county and township its region lies in (empty above its own level)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True,
                                        related_name="structure", verbose_name=_("organisation"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    city = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("city"))
    county = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+",
                               verbose_name=_("county"))
    township = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+",
                                 verbose_name=_("township"))

    LEVEL_COLUMNS = {level: level for level in Region.Level.values}  # a column per level, named as the level

    class Meta:
        verbose_name = _("organisation structure")
        verbose_name_plural = _("organisation structure")

    def __str__(self):
        return f"{self.organisation_id}: {self.city_id}/{self.county_id}/{self.township_id}"


class OrganisationCount(models.Model):
    """Members counted (all but those who left the party or died) at the organisation itself and in its subtree;
    for a party group, the members in the group."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True,
                                        related_name="counts", verbose_name=_("organisation"))
    own_members = models.PositiveIntegerField(_("own members"), default=0)
    own_full_members = models.PositiveIntegerField(_("own full members"), default=0)
    members = models.PositiveIntegerField(_("members in the subtree"), default=0)
    full_members = models.PositiveIntegerField(_("full members in the subtree"), default=0)
    group_members = models.PositiveIntegerField(_("members of the party group"), default=0)

    class Meta:
        verbose_name = _("organisation member count")
        verbose_name_plural = _("organisation member counts")

    def __str__(self):
        return f"{self.organisation_id}: {self.members} ({self.full_members})"


class OrganisationBreaches(models.Model):
    """The register rules an organisation breaks, judged with the pack of `year` on its stored subtree counts.
    `lapses_on`: the end of the term of an organisation without breaches, after which its term has expired (pages
    count it as breaching from then on without waiting for a refresh)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stored_breaches",
                                     verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"))
    breaches = models.PositiveSmallIntegerField(_("breaches"), default=0)
    codes = models.CharField(_("breach codes"), max_length=200, blank=True)
    lapses_on = models.DateField(_("term lapses on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="org_breaches_unique")]
        indexes = [models.Index(fields=["year", "lapses_on"], name="org_breaches_lapse_idx")]
        verbose_name = _("organisation breaches")
        verbose_name_plural = _("organisation breaches")

    def __str__(self):
        return f"{self.organisation_id} {self.year}: {self.codes or '-'}"


class RegionCount(models.Model):
    """A region's register in `year`, over its whole subtree: active organisations (party groups included),
    members and full members counted, and active organisations breaching the register rules of that year's pack."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="register_counts",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    organisations = models.PositiveIntegerField(_("organisations"), default=0)
    members = models.PositiveIntegerField(_("members"), default=0)
    full_members = models.PositiveIntegerField(_("full members"), default=0)
    breaching = models.PositiveIntegerField(_("organisations breaching rules"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="region_count_unique")]
        verbose_name = _("region register count")
        verbose_name_plural = _("region register counts")

    def __str__(self):
        return f"{self.region_id} {self.year}: {self.organisations} / {self.members} / {self.breaching}"
