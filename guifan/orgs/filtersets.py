"""Filters of the organisation list, shared by the web list, the Excel export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code"))
    region = django_filters.CharFilter(method="in_region", label=_("Region code"))
    parent = django_filters.NumberFilter(method="under", label=_("Under organisation"))
    term_expired = django_filters.BooleanFilter(method="expired", label=_("Term expired"))

    class Meta:
        model = Organisation
        fields = ["kind", "domain", "setup"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code=value)) if value else qs

    def in_region(self, qs, name, value):
        from guifan.regions.models import Region

        region = Region.objects.filter(code=value.strip()).only("path").first()
        return qs.filter(region__path__startswith=region.path) if region else qs.none()

    def under(self, qs, name, value):
        org = Organisation.objects.filter(pk=value).only("path").first()
        return qs.filter(path__startswith=org.path).exclude(pk=value) if org else qs.none()

    def expired(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        lapsed = Q(term_end__lt=today) | Q(term_end__isnull=True)
        return qs.filter(lapsed) if value else qs.exclude(lapsed)
