"""Every change made while serving a request carries the request's id in the change log; nothing served to a
signed-in user is cached; every refused request (403) is in the security log."""

from django.utils.cache import patch_cache_control

from . import audit, security_log


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.changes_of() as request_id:
            request.id = request_id
            return self.get_response(request)


class NoStoreMiddleware:
    """Nothing served to a signed-in user is kept by a browser or proxy cache: lists, pages, exports and API answers
    carry personal data. Static files are served before this (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # an API token's user too: DRF sets it on the request
        if getattr(user, "is_authenticated", False):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
            response["Pragma"] = "no-cache"
        return response


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
