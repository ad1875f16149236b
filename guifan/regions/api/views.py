from guifan.core.api.views import ScopedReadOnlyViewSet
from guifan.regions.models import Region

from .serializers import RegionSerializer


class RegionViewSet(ScopedReadOnlyViewSet):
    queryset = Region.objects.select_related("parent", "successor")
    serializer_class = RegionSerializer
    scope_method = "regions"
    filterset_fields = ["level", "code"]
