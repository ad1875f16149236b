"""Recording security events: `record(event, request=..., user=..., obj=..., result=..., detail=...)`.

Every app may call it (core is the lowest layer). The address is REMOTE_ADDR, or the header a trusted proxy sets
when settings.AUDIT_CLIENT_IP_HEADER names one. Anything in `detail` that looks like an ID number or a phone is
masked before it is stored."""

import ipaddress
import re

from django.conf import settings

from .chain import logged_name
from .context import request_id
from .models import SecurityEvent

Event = SecurityEvent.Event
Result = SecurityEvent.Result

# An 18-character ID number (or 15-digit old one) and an 11-digit mobile phone, wherever they appear in a text.
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{6}(?:[0-9]{8}[0-9]{3}[0-9Xx]|[0-9]{9})(?![0-9Xx])")
_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def scrub(value):
    """The value with ID numbers and phones in its texts replaced by a mask."""
    if isinstance(value, str):
        return _PHONE.sub("***********", _ID_NUMBER.sub("******************", value))
    if isinstance(value, dict):
        return {str(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def client_ip(request) -> str | None:
    if request is None:
        return None
    header = getattr(settings, "AUDIT_CLIENT_IP_HEADER", "")
    text = ""
    if header and request.META.get(header):
        # X-Forwarded-For grows to the right: the last hop is the one the trusted proxy added.
        text = request.META[header].split(",")[-1].strip()
    text = text or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _actor(user) -> tuple[str, str]:
    """The kind and region path of the user's role (duck-typed: core does not know the accounts app)."""
    role = getattr(user, "role", None) if user is not None else None
    if role is None:
        return ("superuser" if getattr(user, "is_superuser", False) else ""), ""
    path = getattr(role, "audit_region_path", "")
    return role.kind, (path() if callable(path) else path) or ""


def record(event: str, request=None, user=None, obj=None, result: str = Result.SUCCESS, detail=None,
           username: str = "") -> SecurityEvent:
    """Appends one security event. `user` defaults to the request's user; `username` names an account that did not
    sign in (a failed login)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        user = None
    kind, path = _actor(user)
    return SecurityEvent.objects.create(
        user=user,
        username=logged_name(user.get_username() if user is not None else scrub(username or "")),
        actor_kind=kind,
        region_path=path,
        event=event,
        result=result,
        ip=client_ip(request),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=scrub(str(obj))[:200] if obj is not None else "",
        path=scrub(request.path)[:200] if request is not None else "",
        request_id=getattr(request, "id", None) or request_id.get(),
        detail=scrub(detail) if detail is not None else None,
    )
