"""What the sample register contains and which gaps it has, counted from the database (not from the generator)."""

import datetime as dt
from collections import Counter

from django.db.models import Count, Q

from guifan.members.models import Member
from guifan.orgs import rules
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region

from .params import coverage_min_headcount, shipped_pack


def counts() -> dict[str, dict]:
    def grouped(qs, field):
        return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("id")).order_by(field)}

    return {
        "regions": grouped(Region.objects.current(), "level"),
        "host_units": grouped(HostUnit.objects.all(), "kind"),
        "organisations_by_kind": grouped(Organisation.objects.all(), "kind"),
        "organisations_by_domain": grouped(Organisation.objects.all(), "domain"),
        "members_by_category": grouped(Member.objects.all(), "category"),
        "members_by_status": grouped(Member.objects.all(), "status"),
    }


def uncovered_villager_groups():
    """Villager groups neither hosting a branch or party group nor covered by one (ORG-R-02)."""
    return HostUnit.objects.filter(kind=HostUnit.Kind.VILLAGER_GROUP, organisations__isnull=True,
                                   joint_organisations__isnull=True)


def big_enterprises_without_organisation():
    """Enterprises of the size ORG-N-02 names with no organisation hosting or covering them."""
    size = coverage_min_headcount("enterprise")
    return HostUnit.objects.filter(kind=HostUnit.Kind.ENTERPRISE, headcount__gte=size, organisations__isnull=True,
                                   joint_organisations__isnull=True)


def breaches_by_code(today: dt.date) -> Counter:
    """The register's own rules (guifan.orgs.rules, those of the shipped pack) over every organisation."""
    orgs = list(Organisation.objects.select_related("host_unit"))
    numbers = rules.subtree_counts(orgs)
    judge = rules.of_pack(shipped_pack())
    found = Counter()
    for org in orgs:
        members, full = numbers[org.pk]
        for breach in judge.breaches(org, members, full, today=today):
            found[breach.code] += 1
    return found


def gaps(today: dt.date) -> dict[str, int]:
    found = dict(sorted(breaches_by_code(today).items()))
    found["no_secretary"] = Organisation.objects.filter(
        ~Q(kind=Organisation.Kind.GROUP), secretary__isnull=True).count()
    found["uncovered_villager_group"] = uncovered_villager_groups().count()
    found["big_enterprise_without_organisation"] = big_enterprises_without_organisation().count()
    return found
