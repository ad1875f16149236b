from django.utils.functional import SimpleLazyObject

from .scope import Scope


class ScopeMiddleware:
    """Puts request.scope on every request, computed on first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: Scope(request.user))
        return self.get_response(request)
