"""Every change made while serving a request carries the request's id in the change log."""

from . import audit


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.changes_of() as request_id:
            request.id = request_id
            return self.get_response(request)
