from rest_framework import viewsets

from guifan.core import security_log
from guifan.core.models import ChangeLog

from .serializers import ChangeLogSerializer


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint whose rows are the user's scope: `scope_method` names the Scope method to use.

    An object outside the scope is simply absent, so its detail URL answers 404 (never 403).
    """

    scope_method: str = ""
    # Endpoints of personal data put each read in the security log (with the rows answered).
    audit_reads: bool = False

    def get_queryset(self):
        return getattr(self.request.scope, self.scope_method)(super().get_queryset())

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.audit_reads and response.status_code != 403:  # 403s: DeniedAccessMiddleware
            self._record_read(request, response)
        return response

    def _record_read(self, request, response):
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = len(data["results"])
        elif isinstance(data, list):
            rows = len(data)
        else:
            rows = 1 if response.status_code < 400 else 0
        result = security_log.Result.SUCCESS if response.status_code < 400 else security_log.Result.FAILURE
        security_log.record(security_log.Event.API_READ, request=request, result=result,
                            detail={"endpoint": self.basename or "", "action": getattr(self, "action", "") or "",
                                    "rows": rows, "status": response.status_code})


class ChangeLogViewSet(ScopedReadOnlyViewSet):
    queryset = ChangeLog.objects.select_related("user")
    serializer_class = ChangeLogSerializer
    scope_method = "change_logs"
    filterset_fields = ["action", "object_type", "object_id", "source"]
