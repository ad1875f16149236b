"""Read-only queries for the change log page: scoped rows, filter choices, before/after differences."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, idcard
from .models import ChangeLog
from .names import display_name

DETAIL_URLS = {"orgs.organisation": "orgs:detail", "members.member": "members:detail"}

# Where a change came from (ChangeLog.source), in words; "reporting:approve" is read by its part before the colon.
SOURCES = {
    "web": gettext_lazy("Web page"), "admin": gettext_lazy("Administration"), "import": gettext_lazy("Excel import"),
    "excel": gettext_lazy("Excel import"), "api": gettext_lazy("API"), "api:token": gettext_lazy("Device tokens"),
    "assessment": gettext_lazy("Assessment"), "divisions": gettext_lazy("Administrative divisions"),
    "keys rotate": gettext_lazy("Key rotation"), "pack load": gettext_lazy("Standard pack loaded"),
    "reopen": gettext_lazy("Report reopened"), "transfer": gettext_lazy("Transfer"),
    "role_grant": gettext_lazy("Role request"), "reporting": gettext_lazy("Reporting and approval"),
    "sample": gettext_lazy("Sample figures"), "seed": gettext_lazy("Sample data"),
}


LISTED = 10  # items of a logged list shown before "… (N in all)"


def source_label(source: str) -> str:
    """A change's source in words; "" for one the platform has no word for (the raw text stays in 详情)."""
    found = SOURCES.get(source) or SOURCES.get(source.partition(":")[0])
    return str(found) if found else ""


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
    users = get_user_model().objects.filter(pk__in=ids).select_related(
        "role__member", "role__region", "role__organisation")
    return [(str(u.pk), display_name(u)) for u in users.order_by("username")]


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


def _display(field, value, model=None, attname: str = ""):
    """A logged value in words: a choice by its name, yes/no, — for none; a model may word its own values
    (`audit_value(attname, value)`, e.g. an approval level)."""
    hook = getattr(model, "audit_value", None)
    shown = hook(attname, value) if hook is not None and value not in (None, "") else None
    if shown is not None:
        return shown
    if value in (None, ""):
        return "—"
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple | dict) and not value:
        return "—"
    if isinstance(value, list | tuple):
        shown = "、".join(str(v) for v in value[:LISTED])
        return shown if len(value) <= LISTED else _("%(first)s… (%(n)s in all)") % {"first": shown, "n": len(value)}
    if isinstance(value, dict):
        return _display(field, list(value), model, attname)  # what changed; the details are under 详情
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
        named = (getattr(model, "audit_labels", None) or {}).get(attname)
        label = str(named or (field.verbose_name if field is not None else attname))
        show = lambda value, field=field, attname=attname: _display(field, value, model, attname)  # noqa: E731
        if attname in months:  # entries written before these were cut to YYYY-MM hold the full date
            label = str(months[attname])
            show = lambda value: _display(None, idcard.year_month(value))  # noqa: E731
        rows.append(Difference(label, show(before.get(attname)) if attname in before else None,
                               show(after.get(attname)) if attname in after else None))
    return rows


def _current_names(logs) -> dict[tuple[str, str], str]:
    """{(object type, id): name} of the logged objects whose model names them anew (`audit_reprs(ids)`), so that an
    entry reads in today's words and the reader's language (a report's period: 2018年第1季度, not 2018Q1)."""
    wanted: dict[str, set] = {}
    for log in logs:
        wanted.setdefault(log.object_type, set()).add(log.object_id)
    names = {}
    for label, ids in wanted.items():
        model = _model(label)
        hook = getattr(model, "audit_reprs", None)
        if hook is not None:
            names.update({(label, key): text for key, text in hook(ids).items()})
    return names


def decorate(logs) -> list[ChangeLog]:
    """Adds the differences, the source in words and a link to the object (when it is a page of the register) to
    each entry."""
    logs = list(logs)
    names = _current_names(logs)
    for log in logs:
        log.object_name = names.get((log.object_type, log.object_id), log.object_repr)
        log.source_label = source_label(log.source)
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
