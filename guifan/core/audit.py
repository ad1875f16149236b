"""Recording changes: every action that writes the register calls these in the same transaction."""

import datetime as dt
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from . import idcard
from .chain import logged_name
from .context import changes_of, request_id  # noqa: F401 - changes_of is part of this module's interface
from .models import ChangeLog, SensitiveAccess


def current_request_id():
    return request_id.get()


# Fields never copied into a log: they hold personal data in a form that could be read back.
_SECRET_SUFFIXES = ("_encrypted", "_hash")
_SECRET_NAMES = frozenset({"password"})  # an account's password hash


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def year_month_fields(model) -> dict:
    """{field name: label} of the dates a model logs as year and month only (`audit_year_month`), e.g. a member's
    birth date, which with the masked ID number would give the full number back."""
    return getattr(model, "audit_year_month", None) or {}


def snapshot(obj: models.Model) -> dict:
    """The concrete field values of an object, foreign keys as ids, secrets left out, some dates cut to YYYY-MM."""
    data = {}
    months = year_month_fields(obj)
    for field in obj._meta.concrete_fields:
        if field.name.endswith(_SECRET_SUFFIXES) or field.name in _SECRET_NAMES:
            continue
        value = getattr(obj, field.attname)
        data[field.attname] = (idcard.year_month(value) or None) if field.name in months else _plain(value)
    return data


def _region_path(obj) -> str:
    path = getattr(obj, "audit_region_path", None)
    return path() if callable(path) else (path or "")


def _related(obj, related):
    """The object a change belongs to: given, or what the model names in `audit_related` (e.g. a member's
    organisation)."""
    if related is None:
        name = getattr(obj, "audit_related", None)
        related = getattr(obj, name, None) if name else None
    return related


def entry(obj, action: str, user=None, before=None, after=None, source: str = "", related=None) -> ChangeLog:
    """An unsaved log row, for bulk writes."""
    related = _related(obj, related)
    user = user if getattr(user, "is_authenticated", False) else None
    return ChangeLog(
        user=user,
        username=logged_name(user.get_username()) if user is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        related_repr=str(related)[:200] if related is not None else "",
        request_id=current_request_id(),
        region_path=_region_path(obj),
        before=before,
        after=after,
        source=source,
    )


def record(obj, action: str, user=None, before=None, source: str = "", related=None) -> ChangeLog:
    after = None if action == ChangeLog.Action.DELETE else snapshot(obj)
    if action == ChangeLog.Action.UPDATE and before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return None
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    log = entry(obj, action, user, before, after, source, related)
    log.save()
    return log


class ReasonRequired(ValueError):
    """An unmasked view needs a reason."""


def record_sensitive_view(user, obj, fields: str, reason: str = "", request=None) -> SensitiveAccess:
    """Logs an unmasked view before it is shown, in the unmasked-view log and the security log. Without a reason
    nothing is shown: ReasonRequired."""
    from . import security_log

    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("an unmasked view needs a reason")
    user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        access = SensitiveAccess.objects.create(
            user=user,
            username=logged_name(user.get_username()) if user is not None else "",
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            fields=fields,
            reason=security_log.scrub(reason)[:200],
        )
        security_log.record(security_log.Event.UNMASKED_VIEW, request=request, user=user, obj=obj,
                            detail={"fields": fields, "reason": access.reason})
    return access
