"""Scheduled reminders (issue 14.4): what is coming due, as notices to the people who act on it, sent by the job
worker once a day (`reminders_task` enqueues its own next run) or by `guifan reminders`.

Each source looks at the whole city with a few set-based queries and returns unsaved notices, each with a `key`
naming what it is about and its stage (due soon, overdue); a key already sent is never sent again, so a reminder
read yesterday does not come back today. Sources of this app: reports past due, probations ending, terms ending.
Apps above register their own with `source` (rectification: task deadlines). How far ahead each warns is
`GUIFAN_REMINDER_DAYS` (an operating choice, not policy).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from guifan.core import channels, scoping
from guifan.core.dates import add_months
from guifan.members.models import GONE_STATUSES, Member
from guifan.members.selectors import probation_ends, status_rules
from guifan.orgs.models import Organisation
from guifan.regions.models import Region
from guifan.reporting import todo
from guifan.reporting.models import Notice
from guifan.reporting.notices import report_key, reporter_pairs

log = logging.getLogger("guifan.notices")
SOURCES: dict[str, Callable[[dt.date], Iterable[Notice]]] = {}
# Terms that ended longer ago than this are not reminded of any more (the register's breaches list shows them).
LATE_WINDOW_DAYS = 31


def source(name: str):
    """Registers `function(today) -> notices` as the reminder source `name`."""

    def register(function):
        SOURCES[name] = function
        return function

    return register


def days_ahead(name: str) -> int:
    return int(settings.GUIFAN_REMINDER_DAYS.get(name, 14))


def stage(due: dt.date, today: dt.date) -> str:
    return "overdue" if due < today else "soon"


def system_scope():
    """The whole city, for the schedule (no user behind it)."""
    return scoping.scope_for(SimpleNamespace(is_authenticated=True, is_superuser=True))


@source("reports")
def reports_past_due(today: dt.date) -> list[Notice]:
    year = todo.reporting_year()
    city = Region.objects.filter(parent__isnull=True).first()
    if year is None or city is None:
        return []
    late = todo.late_organisations(system_scope(), city, year)
    latest = {}  # one reminder per organisation, of its latest period past due
    for period, organisations in sorted(late.items(), key=lambda item: item[0].due):
        latest.update({org.pk: period for org in organisations})
    organisations = {org.pk: org for orgs in late.values() for org in orgs}
    return [Notice(user=user, kind=Notice.Kind.REMINDER, organisation=org, period=latest[org.pk],
                   due=latest[org.pk].due, key=report_key(org, latest[org.pk]))
            for org, user in reporter_pairs(list(organisations.values()))]


@source("probation")
def probations_ending(today: dt.date) -> list[Notice]:
    try:
        rules = status_rules(today)
    except ValidationError:
        return []
    horizon = today + dt.timedelta(days=days_ahead("probation"))
    members = list(Member.objects.filter(category=Member.Category.PROBATIONARY,
                                         joined_on__lte=add_months(horizon, -rules.probation_months))
                   .exclude(status__in=GONE_STATUSES).select_related("organisation"))
    due_of = probation_ends(members, rules)
    by_org: dict[int, list] = {}
    for m in members:
        if due_of[m.pk] <= horizon:
            by_org.setdefault(m.organisation_id, []).append(m)
    organisations = [group[0].organisation for group in by_org.values()]
    return [Notice(user=user, kind=Notice.Kind.PROBATION, organisation=org, subject=m.name, due=due_of[m.pk],
                   key=f"probation:{m.pk}:{due_of[m.pk]}:{stage(due_of[m.pk], today)}")
            for org, user in reporter_pairs(organisations) for m in by_org[org.pk]]


@source("term")
def terms_ending(today: dt.date) -> list[Notice]:
    horizon = today + dt.timedelta(days=days_ahead("term"))
    organisations = list(Organisation.objects.filter(term_end__isnull=False, term_end__lte=horizon,
                                                     term_end__gte=today - dt.timedelta(days=LATE_WINDOW_DAYS)))
    return [Notice(user=user, kind=Notice.Kind.TERM, organisation=org, due=org.term_end,
                   key=f"term:{org.pk}:{org.term_end}:{stage(org.term_end, today)}")
            for org, user in reporter_pairs(organisations)]


def send(today: dt.date | None = None, names: Iterable[str] | None = None) -> dict[str, int]:
    """Runs the sources (all, or `names`), saves the notices whose key was never sent, and hands them to the
    channels; {source: notices created}, plus {"channel:<name>": sent} for each channel."""
    today = today or timezone.localdate()
    created: dict[str, int] = {}
    fresh: list[Notice] = []
    for name in names or list(SOURCES):
        candidates = list(SOURCES[name](today))
        keys = {n.key for n in candidates}
        sent = set(Notice.objects.filter(key__in=keys).values_list("key", "user_id")) if keys else set()
        new = [n for n in candidates if (n.key, n.user.pk) not in sent]
        with transaction.atomic():
            Notice.objects.bulk_create(new, batch_size=1000)
        created[name] = len(new)
        fresh += new
    with translation.override(settings.LANGUAGE_CODE):
        messages = [channels.Message(user_id=n.user.pk, username=n.user.get_username(), kind=n.kind, text=n.text(),
                                     link=n.url()) for n in fresh]
    for channel, count in channels.deliver(messages).items():
        created[f"channel:{channel}"] = count
    log.info("reminders sent: %s", created)
    return created


def next_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next daily run, at GUIFAN_REMINDER_HOUR local time."""
    now = timezone.localtime(now)
    run = now.replace(hour=settings.GUIFAN_REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + dt.timedelta(days=1)


def schedule(when: dt.datetime | None = None):
    """Books the next daily run unless one is waiting already; returns its result handle, or None when one is
    booked or the backend cannot run a task later (the immediate backend of the tests)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = reminders_task.get_backend()
    if not backend.supports_defer:
        return None
    if isinstance(backend, DatabaseBackend) and DBTaskResult.objects.filter(
            task_path=reminders_task.module_path, status="READY").exists():
        return None
    return reminders_task.using(run_after=when or next_run()).enqueue()


@task()
def reminders_task() -> dict:
    """The daily run: sends today's reminders, then books tomorrow's."""
    try:
        return send()
    finally:
        schedule()
