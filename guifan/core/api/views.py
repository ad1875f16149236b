from rest_framework import viewsets

from guifan.core.models import ChangeLog

from .serializers import ChangeLogSerializer


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint whose rows are the user's scope: `scope_method` names the Scope method to use.

    An object outside the scope is simply absent, so its detail URL answers 404 (never 403).
    """

    scope_method: str = ""

    def get_queryset(self):
        return getattr(self.request.scope, self.scope_method)(super().get_queryset())


class ChangeLogViewSet(ScopedReadOnlyViewSet):
    queryset = ChangeLog.objects.select_related("user")
    serializer_class = ChangeLogSerializer
    scope_method = "change_logs"
    filterset_fields = ["action", "object_type", "object_id", "source"]
