"""Filters of the member list, shared by the web list, the Excel export and the API.

These are query strings, so they never match a full ID number: a number in a URL ends up in browser histories and
request logs. A member is found by ID number through a POST (members:find, and api/members/find/)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Member


class MemberFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search by name"))
    organisation = django_filters.NumberFilter(method="in_organisation", label=_("Organisation (with its subtree)"))
    region = django_filters.CharFilter(method="in_region", label=_("Region code"))
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte", label=_("Joined on or after"))
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte", label=_("Joined on or before"))

    class Meta:
        model = Member
        fields = ["gender", "category", "status", "education", "ethnicity"]

    def search(self, qs, name, value):
        """Names only: a full ID number typed here matches nothing."""
        value = value.strip()
        return qs.filter(name__icontains=value) if value else qs

    def in_organisation(self, qs, name, value):
        from guifan.orgs.models import Organisation

        org = Organisation.objects.filter(pk=value).only("path").first()
        return qs.filter(organisation__path__startswith=org.path) if org else qs.none()

    def in_region(self, qs, name, value):
        from guifan.regions.models import Region

        region = Region.objects.filter(code=value.strip()).only("path").first()
        return qs.filter(organisation__region__path__startswith=region.path) if region else qs.none()
