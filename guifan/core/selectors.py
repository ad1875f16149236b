"""Read-only queries for the change log page: scoped rows, filter choices, before/after differences."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from . import audit, idcard
from .models import ChangeLog

DETAIL_URLS = {"orgs.organisation": "orgs:detail", "members.member": "members:detail"}


@dataclass
class Difference:
    label: str
    before: object
    after: object


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_type_choices(scope) -> list[tuple[str, str]]:
    labels = scope.change_logs().order_by().values_list("object_type", flat=True).distinct()
    choices = []
    for label in sorted(set(labels)):
        model = _model(label)
        choices.append((label, str(model._meta.verbose_name) if model else label))
    return choices


def user_choices(scope) -> list[tuple[str, str]]:
    ids = scope.change_logs().order_by().exclude(user=None).values("user")
    return [(str(u.pk), u.get_username()) for u in get_user_model().objects.filter(pk__in=ids).order_by("username")]


def _field(model, attname: str):
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    try:
        return model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return value


def differences(log: ChangeLog) -> list[Difference]:
    """One line per field the entry touched, labelled in the user's language, choices shown by name."""
    model = _model(log.object_type)
    before, after = log.before or {}, log.after or {}
    months = audit.year_month_fields(model)
    rows = []
    for attname in sorted(set(before) | set(after)):
        if attname == "id" or attname.endswith(("_encrypted", "_hash")):
            continue
        field = _field(model, attname)
        label = str(field.verbose_name) if field is not None else attname
        show = lambda value, field=field: _display(field, value)  # noqa: E731
        if attname in months:  # entries written before these were cut to YYYY-MM hold the full date
            label = str(months[attname])
            show = lambda value: _display(None, idcard.year_month(value))  # noqa: E731
        rows.append(Difference(label, show(before.get(attname)) if attname in before else None,
                               show(after.get(attname)) if attname in after else None))
    return rows


def decorate(logs) -> list[ChangeLog]:
    """Adds the differences and a link to the object (when it is a page of the register) to each entry."""
    logs = list(logs)
    for log in logs:
        log.differences = differences(log)
        name = DETAIL_URLS.get(log.object_type)
        log.url = reverse(name, args=[log.object_id]) if name and log.object_id.isdigit() else ""
        model = _model(log.object_type)
        log.type_label = str(model._meta.verbose_name) if model else log.object_type
    return logs


def filter_security_events(events, data: dict):
    """The security log narrowed by the filter form: event, result, user name, dates (local days)."""
    import datetime as dt

    from django.utils import timezone

    if data.get("event"):
        events = events.filter(event=data["event"])
    if data.get("result"):
        events = events.filter(result=data["result"])
    if data.get("user"):
        events = events.filter(username__icontains=data["user"].strip())
    if data.get("since"):
        events = events.filter(time__gte=timezone.make_aware(dt.datetime.combine(data["since"], dt.time.min)))
    if data.get("until"):
        end = data["until"] + dt.timedelta(days=1)
        events = events.filter(time__lt=timezone.make_aware(dt.datetime.combine(end, dt.time.min)))
    return events
