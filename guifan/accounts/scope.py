"""What a user may see: every query of the register goes through a Scope."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from guifan.regions.models import Region

from .models import Role


class Scope:
    """Restricts querysets to the subtree a role covers. A user without a role sees nothing."""

    def __init__(self, user):
        self.user = user
        self.role: Role | None = getattr(user, "role", None) if user.is_authenticated else None
        self.is_all = bool(user.is_authenticated and user.is_superuser)
        kind = self.role.kind if self.role else None
        self.region = self.role.region if kind in Role.REGION_LEVEL else None
        self.organisation = self.role.organisation if kind == Role.Kind.ORGANISATION else None
        self.member = self.role.member if kind == Role.Kind.MEMBER else None

    @property
    def kind(self):
        return "all" if self.is_all else (self.role.kind if self.role else None)

    @property
    def officer(self) -> str | None:
        """The 三员 role the user holds (system, security or audit administrator), else None."""
        return self.role.kind if self.role and self.role.kind in Role.ADMIN_KINDS else None

    @property
    def is_security_admin(self) -> bool:
        return self.officer == Role.Kind.SECURITY_ADMIN

    @property
    def is_audit_admin(self) -> bool:
        return self.officer == Role.Kind.AUDIT_ADMIN

    @property
    def can_edit(self) -> bool:
        return self.is_all or bool(self.region or self.organisation)

    @property
    def root_region(self):
        if self.is_all:
            return Region.objects.filter(parent__isnull=True).first()
        return self.region

    def regions(self, qs: QuerySet | None = None) -> QuerySet:
        qs = Region.objects.all() if qs is None else qs
        if self.is_all:
            return qs
        if self.region:
            return qs.filter(path__startswith=self.region.path)
        return qs.none()

    def organisations(self, qs: QuerySet | None = None) -> QuerySet:
        from guifan.orgs.models import Organisation

        qs = Organisation.objects.all() if qs is None else qs
        if self.is_all:
            return qs
        if self.region:
            return qs.filter(region__path__startswith=self.region.path)
        if self.organisation:
            return qs.filter(path__startswith=self.organisation.path)
        if self.member:
            return qs.filter(pk=self.member.organisation_id)
        return qs.none()

    def host_units(self, qs: QuerySet | None = None) -> QuerySet:
        from guifan.orgs.models import HostUnit

        qs = HostUnit.objects.all() if qs is None else qs
        if self.is_all:
            return qs
        if self.region:
            return qs.filter(region__path__startswith=self.region.path)
        if self.organisation:
            return qs.filter(organisations__path__startswith=self.organisation.path).distinct()
        return qs.none()

    def members(self, qs: QuerySet | None = None) -> QuerySet:
        from guifan.members.models import Member

        qs = Member.objects.all() if qs is None else qs
        if self.is_all:
            return qs
        if self.region:
            return qs.filter(organisation__region__path__startswith=self.region.path)
        if self.organisation:
            return qs.filter(organisation__path__startswith=self.organisation.path)
        if self.member:
            return qs.filter(pk=self.member.pk)
        return qs.none()

    def change_logs(self, qs: QuerySet | None = None) -> QuerySet:
        from guifan.core.models import ChangeLog

        qs = ChangeLog.objects.all() if qs is None else qs
        if self.is_all or self.is_audit_admin:
            return qs
        if self.region:
            return qs.filter(region_path__startswith=self.region.path)
        if self.organisation:
            org_ids = self.organisations().values_list("pk", flat=True)
            member_ids = self.members().values_list("pk", flat=True)
            organisation_type = ContentType.objects.get_by_natural_key("orgs", "organisation")
            return qs.filter(
                Q(object_type="orgs.organisation", object_id__in=[str(i) for i in org_ids])
                | Q(object_type="members.member", object_id__in=[str(i) for i in member_ids])
                # Records an organisation keeps (its meetings…); a member's rows follow the member, not the branch
                | (Q(related_type=organisation_type, related_id__in=[str(i) for i in org_ids])
                   & ~Q(object_type="members.member"))
            )
        return qs.none()

    def security_events(self, qs: QuerySet | None = None) -> QuerySet:
        """The audit administrator (and a superuser) reads every event; a city, county or township role reads the
        events of actors whose role sits inside its region and below its own level; no one else reads any."""
        from guifan.core.models import SecurityEvent

        qs = SecurityEvent.objects.all() if qs is None else qs
        if self.is_all or self.is_audit_admin:
            return qs
        if self.region:
            rank = Role.DATA_RANK[self.role.kind]
            below = [kind for kind, r in Role.DATA_RANK.items() if r > rank]
            return qs.filter(region_path__startswith=self.region.path, actor_kind__in=below)
        return qs.none()

    def sensitive_accesses(self, qs: QuerySet | None = None) -> QuerySet:
        """The unmasked-view log: the audit administrator and a superuser."""
        from guifan.core.models import SensitiveAccess

        qs = SensitiveAccess.objects.all() if qs is None else qs
        return qs if (self.is_all or self.is_audit_admin) else qs.none()

    def covers_region(self, region) -> bool:
        return self.is_all or bool(self.region and region.path.startswith(self.region.path))
