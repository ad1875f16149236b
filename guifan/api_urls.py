"""The read-only REST API (included at api/), its OpenAPI schema and its documentation page."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
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
    # The split view serves its script as a file (no inline script, for the Content-Security-Policy); the page's own
    # <style> block needs inline styles.
    path("docs/", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("", include(router.urls)),
]
