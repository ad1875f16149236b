"""The read-only REST API (included at api/), its OpenAPI schema and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from guifan.core.api.views import ChangeLogViewSet
from guifan.members.api.views import MemberViewSet
from guifan.orgs.api.views import HostUnitViewSet, OrganisationViewSet
from guifan.regions.api.views import RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("host-units", HostUnitViewSet)
router.register("organisations", OrganisationViewSet)
router.register("members", MemberViewSet)
router.register("change-log", ChangeLogViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
