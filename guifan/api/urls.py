"""The API (included at api/): the register read-only through each app's api/ package, device tokens, and the
reporting a secretary does on a phone; its OpenAPI schema and documentation page (docs/api.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from guifan.api.views.auth import TokenCreateView, TokenViewSet
from guifan.api.views.notices import NoticeViewSet
from guifan.api.views.reports import DueReportsView, ReportView
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
router.register("auth/tokens", TokenViewSet, basename="api-token")
router.register("notices", NoticeViewSet, basename="api-notice")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", TokenCreateView.as_view(), name="api-token-create"),
    path("reports/", DueReportsView.as_view(), name="api-reports"),
    path("reports/<int:org_pk>/<str:period>/", ReportView.as_view(), name="api-report"),
    path("", include(router.urls)),
]
