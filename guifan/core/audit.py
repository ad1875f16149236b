"""Recording changes: every action that writes the register calls these in the same transaction."""

import datetime as dt
import decimal

from django.db import models

from . import idcard
from .models import ChangeLog, SensitiveAccess

# Fields never copied into a log: they hold personal data in a form that could be read back.
_SECRET_SUFFIXES = ("_encrypted", "_hash")


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
        if field.name.endswith(_SECRET_SUFFIXES):
            continue
        value = getattr(obj, field.attname)
        data[field.attname] = (idcard.year_month(value) or None) if field.name in months else _plain(value)
    return data


def _region_path(obj) -> str:
    path = getattr(obj, "audit_region_path", None)
    return path() if callable(path) else (path or "")


def entry(obj, action: str, user=None, before=None, after=None, source: str = "") -> ChangeLog:
    """An unsaved log row, for bulk writes."""
    return ChangeLog(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        region_path=_region_path(obj),
        before=before,
        after=after,
        source=source,
    )


def record(obj, action: str, user=None, before=None, source: str = "") -> ChangeLog:
    after = None if action == ChangeLog.Action.DELETE else snapshot(obj)
    if action == ChangeLog.Action.UPDATE and before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return None
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    log = entry(obj, action, user, before, after, source)
    log.save()
    return log


def record_sensitive_view(user, obj, fields: str, reason: str = "") -> SensitiveAccess:
    return SensitiveAccess.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        fields=fields,
        reason=reason[:200],
    )
