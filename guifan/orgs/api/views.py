from guifan.core.api.views import ScopedReadOnlyViewSet
from guifan.orgs.filtersets import OrganisationFilterSet
from guifan.orgs.models import HostUnit, Organisation

from .serializers import HostUnitSerializer, OrganisationSerializer


class HostUnitViewSet(ScopedReadOnlyViewSet):
    queryset = HostUnit.objects.select_related("region")
    serializer_class = HostUnitSerializer
    scope_method = "host_units"
    filterset_fields = ["kind", "code", "is_poor_village"]


class OrganisationViewSet(ScopedReadOnlyViewSet):
    queryset = Organisation.objects.select_related("region").prefetch_related("covered_units")
    serializer_class = OrganisationSerializer
    scope_method = "organisations"
    filterset_class = OrganisationFilterSet
