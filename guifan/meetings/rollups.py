"""The members' meetings missed per year (AbsenceCount), rebuilt from the attendance: for the members of a meeting
when it is recorded, corrected or deleted (guifan.meetings.actions, in the same transaction), for everyone when the
sample writes a year (guifan.seeding.activities)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q

from .models import AbsenceCount, Attendance

Status = Attendance.Status


def refresh_absences(year: int, members=None) -> int:
    """The year's AbsenceCount rows of `members` (ids; None: everyone) made again from their attendance; returns the
    rows written."""
    missed = Attendance.objects.filter(meeting__held_on__gte=dt.date(year, 1, 1),
                                       meeting__held_on__lte=dt.date(year, 12, 31)).exclude(status=Status.PRESENT)
    stale = AbsenceCount.objects.filter(year=year)
    if members is not None:
        members = list(members)
        missed, stale = missed.filter(member_id__in=members), stale.filter(member_id__in=members)
    rows = (missed.order_by().values("member_id")
            .annotate(absent=Count("pk", filter=Q(status=Status.ABSENT)),
                      leave=Count("pk", filter=Q(status=Status.LEAVE)), last=Max("meeting__held_on")))
    stale.delete()
    made = AbsenceCount.objects.bulk_create(
        (AbsenceCount(member_id=r["member_id"], year=year, absent=r["absent"], leave=r["leave"], last=r["last"])
         for r in rows.iterator(chunk_size=5000)), batch_size=5000)
    return len(made)
