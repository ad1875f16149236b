"""Filters of the member list, shared by the web list, the Excel export and the API.

These are query strings, so they never match a full ID number: a number in a URL ends up in browser histories and
request logs. A member is found by ID number through a POST (members:find, and api/members/find/)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from guifan.core.filtersets import FilterSet
from guifan.core.tree import TreeFilter
from guifan.orgs.models import Organisation
from guifan.regions.models import Region

from .models import Member


class MemberFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search by name"))
    organisation = TreeFilter(tree=Organisation, path="organisation__path", label=_("Organisation (with its subtree)"))
    region = TreeFilter(tree=Region, key="code", path="organisation__region__path", label=_("Region code"))
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte", label=_("Joined on or after"))
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte", label=_("Joined on or before"))

    class Meta:
        model = Member
        fields = ["gender", "category", "status", "education", "ethnicity"]

    def search(self, qs, name, value):
        """Names only: a full ID number typed here matches nothing."""
        value = value.strip()
        return qs.filter(name__icontains=value) if value else qs
