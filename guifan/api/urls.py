"""The API (included at api/): the register read-only through each app's api/ package, device tokens, and the
reporting a secretary does on a phone; its OpenAPI schema and documentation page (docs/api.md)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from guifan.api.views.auth import TokenCreateView, TokenViewSet
from guifan.api.views.meetings import MeetingFormView, MeetingsView, MeetingView, MyMeetingsView
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



@csrf_exempt  # it reads nothing and writes nothing; without this a POST would get the CSRF page
def not_found(request, rest=""):
    """Any other address under api/ (a malformed id or period too) answers JSON, as the API does, not a web page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file (no inline script, for the Content-Security-Policy); the page's own
    # <style> block needs inline styles.
    path("docs/", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("auth/token/", TokenCreateView.as_view(), name="api-token-create"),
    path("reports/", DueReportsView.as_view(), name="api-reports"),
    path("reports/<int:org_pk>/<str:period>/", ReportView.as_view(), name="api-report"),
    path("organisations/<int:org_pk>/meeting-form/", MeetingFormView.as_view(), name="api-meeting-form"),
    path("organisations/<int:org_pk>/meetings/", MeetingsView.as_view(), name="api-meetings"),
    path("meetings/<int:pk>/", MeetingView.as_view(), name="api-meeting"),
    path("me/meetings/", MyMeetingsView.as_view(), name="api-my-meetings"),
    path("", include(router.urls)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
