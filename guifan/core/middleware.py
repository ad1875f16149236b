"""Every change made while serving a request carries the request's id in the change log; every refused request
(403) is in the security log."""

from . import audit, security_log


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.changes_of() as request_id:
            request.id = request_id
            return self.get_response(request)


class DeniedAccessMiddleware:
    """Records each 403 answer (PermissionDenied, a view's own 403, the API's) as a denied access."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            security_log.record(security_log.Event.ACCESS_DENIED, request=request,
                                result=security_log.Result.DENIED, detail={"method": request.method})
        return response
