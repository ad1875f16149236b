"""Your notices (reminders to report, reports returned with their reason), and marking them read."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from guifan.api.serializers import MarkedReadSerializer, NoticeSerializer
from guifan.reporting import notices
from guifan.reporting.models import Notice


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Only your own notices, newest first; `?unread=true` for the unread ones."""

    serializer_class = NoticeSerializer
    queryset = Notice.objects.select_related("organisation", "period", "sender")
    filterset_class = None

    def get_queryset(self):
        qs = super().get_queryset().filter(user=self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") in ("true", "1"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description="Only the unread notices.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None, **kwargs):
        """Marks this notice read."""
        notice = self.get_object()
        return Response({"marked": notices.mark_read(request.user, notice.pk)})

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None, pagination_class=None)
    def read_all(self, request, **kwargs):
        """Marks all your notices read."""
        return Response({"marked": notices.mark_read(request.user)})
