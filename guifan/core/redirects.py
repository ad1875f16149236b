"""Where a form may send the user back to: a `next` parameter is followed only to a path of this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, field: str = "next") -> str:
    """The `next` of the POST (or, failing that, the query string) when it is a URL of this site, else ""."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""
