"""Filters of the organisation list, shared by the web list, the Excel export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guifan.core.filtersets import FilterSet
from guifan.core.tree import TreeFilter
from guifan.regions.models import Region

from .models import Organisation


class OrganisationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code"))
    region = TreeFilter(tree=Region, key="code", path="region__path", label=_("Region code"))
    parent = TreeFilter(tree=Organisation, include_self=False, label=_("Under organisation"))
    term_expired = django_filters.BooleanFilter(method="expired", label=_("Term expired"))

    class Meta:
        model = Organisation
        fields = ["kind", "domain", "setup", "purpose"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code=value)) if value else qs

    def expired(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        lapsed = Q(term_end__lt=today) | Q(term_end__isnull=True)
        return qs.filter(lapsed) if value else qs.exclude(lapsed)
