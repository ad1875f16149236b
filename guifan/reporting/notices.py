"""In-app notifications for reporters: a reminder to report, a report returned with its reason."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from guifan.accounts.models import Role
from guifan.reporting.models import Notice


def reporters(organisation) -> list:
    """Users who report for `organisation`: organisation roles on it or on an organisation above it."""
    ancestor_pks = [int(pk) for pk in organisation.path.strip("/").split("/") if pk]
    roles = Role.objects.filter(kind=Role.Kind.ORGANISATION, organisation_id__in=ancestor_pks).select_related("user")
    return [role.user for role in roles]


def _reporters_of(organisations) -> dict[int, list]:
    """`reporters` of each organisation, in one query."""
    ancestors = {org.pk: [int(pk) for pk in org.path.strip("/").split("/") if pk] for org in organisations}
    roles = Role.objects.filter(kind=Role.Kind.ORGANISATION,
                                organisation_id__in={pk for pks in ancestors.values() for pk in pks})
    users: dict[int, list] = {}
    for role in roles.select_related("user"):
        users.setdefault(role.organisation_id, []).append(role.user)
    return {org_pk: [user for pk in pks for user in users.get(pk, [])] for org_pk, pks in ancestors.items()}


def reporter_pairs(organisations: list) -> list[tuple]:
    """(organisation, user) for every reporter of each organisation, in two queries (the scheduled reminders)."""
    reporters = _reporters_of(organisations)
    return [(org, user) for org in organisations for user in reporters.get(org.pk, [])]


def report_key(organisation, period) -> str:
    """The key of a reminder to report: the daily schedule sends none that was sent by hand (guifan.reporting.
    reminders)."""
    return f"report:{organisation.pk}:{period.pk}"


def remind(organisations, period, sender) -> int:
    """One reminder per reporter of each organisation (none twice while an earlier one is unread); two queries and
    one insert however many organisations (a county's late ones from the to-do page)."""
    organisations = list(organisations)
    unread = set(Notice.objects.filter(kind=Notice.Kind.REMINDER, period=period, read_at__isnull=True,
                                       organisation_id__in=[org.pk for org in organisations])
                 .values_list("organisation_id", "user_id"))
    reporters_of = _reporters_of(organisations)
    notices = [Notice(user=user, kind=Notice.Kind.REMINDER, organisation=org, period=period, sender=sender,
                      due=period.due, key=report_key(org, period))
               for org in organisations for user in reporters_of[org.pk] if (org.pk, user.pk) not in unread]
    Notice.objects.bulk_create(notices, batch_size=1000)
    return len(notices)


def notify_returned(report, sender) -> None:
    Notice.objects.bulk_create([
        Notice(user=user, kind=Notice.Kind.RETURNED, organisation=report.organisation, period=report.period,
               reason=report.returned_reason, sender=sender if getattr(sender, "is_authenticated", False) else None)
        for user in reporters(report.organisation)])


def unread(user):
    return Notice.objects.filter(user=user, read_at__isnull=True).select_related("organisation", "period")


def mark_read(user, pk=None) -> int:
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(Q(pk=pk))
    return qs.update(read_at=timezone.now())


def mark_returned_read(user, organisation, period) -> int:
    """The user's unread notices that this report was returned, read: the reporter has opened it."""
    return Notice.objects.filter(user=user, kind=Notice.Kind.RETURNED, organisation=organisation, period=period,
                                 read_at__isnull=True).update(read_at=timezone.now())
