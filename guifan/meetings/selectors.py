"""Reading organisational life in bulk (what guifan.facts derives the meeting facts from) and for one organisation
(what the check-up page explains a verdict with). Reads only; the counts on a meeting are written by the actions.

"Keeps records": an organisation keeps records for a year when at least one meeting held that year is recorded for
it or for one of its party groups. Its meeting facts of that year are then derived from the records alone (a period
without a counting meeting is short), and the report form no longer asks its typed meeting figures.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Exists, ExpressionWrapper, F, FloatField, IntegerField, OuterRef, Q, Sum, Value, When

from guifan.orgs.models import Organisation

from .models import Meeting


def _counting(quorums: dict[str, float | None]) -> Q:
    """Meetings that count as held: of a kind without a quorum, or with more than its share of the members with a
    vote present (the pack's `quorum`, MeetingKind.quorate)."""
    without = [code for code, q in quorums.items() if q is None]
    condition = Q(kind__in=without) if without else Q(pk__in=[])
    for code, q in quorums.items():
        if q is not None:
            share = ExpressionWrapper(F("voting_members") * Value(float(q)), output_field=FloatField())
            condition |= Q(kind=code, voting_present__gt=share)
    return condition


def _months(start: dt.date, end: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """(month, first day, last day) of each month from `start`'s to `end`'s."""
    spans, day = [], start.replace(day=1)
    while day <= end:
        following = day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)
        spans.append((day.month, day, following - dt.timedelta(days=1)))
        day = following
    return spans


def monthly_counts(start: dt.date, end: dt.date, quorums: dict[str, float | None], *, organisations=None,
                   region_path: str | None = None) -> list[tuple]:
    """One grouped query over the meetings held in [start, end] (the derivation's year), a row per organisation
    and kind: (organisation id, kind, meetings, meetings with a preparation record, then the meetings that count
    in each month from `start`'s to `end`'s), for the kinds in `quorums` ({kind: quorum or None}), for the
    `organisations` given (pks or a queryset), or those of a region's subtree (`region_path`), or all. The months
    are plain date comparisons in the database (SQLite's date extraction is a Python function called per row), and
    a row per organisation and kind, not per month, keeps the result small (75,000 rows for a city year)."""
    rows = Meeting.objects.filter(held_on__gte=start, held_on__lte=end, kind__in=list(quorums))
    if organisations is not None:
        rows = rows.filter(organisation__in=organisations)
    elif region_path is not None:
        rows = rows.filter(organisation__region__path__startswith=region_path)
    one = Value(1, output_field=IntegerField())
    zero = Value(0, output_field=IntegerField())
    counting = _counting(quorums)
    months = {f"m{month:02d}_{i}": Sum(Case(When(counting & Q(held_on__gte=first, held_on__lte=last), then=one),
                                            default=zero))
              for i, (month, first, last) in enumerate(_months(start, end))}
    return list(
        rows.order_by().values("organisation_id", "kind")
        .annotate(meetings=Sum(one), prepared=Sum(Case(When(~Q(preparation=""), then=one), default=zero)),
                  **months)
        .values_list("organisation_id", "kind", "meetings", "prepared", *months))


def _own_and_groups(organisation: Organisation) -> Q:
    return Q(organisation=organisation) | Q(organisation__parent=organisation,
                                            organisation__kind=Organisation.Kind.GROUP)


def keeps_records(organisation: Organisation, year: int) -> bool:
    """Whether the organisation keeps records for `year` (see the module's docstring)."""
    return Meeting.objects.filter(_own_and_groups(organisation), held_on__gte=dt.date(year, 1, 1),
                                  held_on__lte=dt.date(year, 12, 31)).exists()


def organisation_meetings(organisation: Organisation, year: int) -> list[dict]:
    """The meetings of an organisation and of its party groups held in `year`, oldest first, with what judging
    them needs (kind, date, topic, organisation, members with a vote and those present)."""
    return list(Meeting.objects.filter(_own_and_groups(organisation), held_on__gte=dt.date(year, 1, 1),
                                       held_on__lte=dt.date(year, 12, 31))
                .order_by("held_on", "pk")
                .values("pk", "organisation_id", "organisation__name", "kind", "held_on", "topic", "voting_members",
                        "voting_present", "present"))


def keeping_records_q(year: int) -> Q:
    """Organisations keeping records for `year`, as a filter on Organisation (no rows read).

    Two correlated EXISTS, one index probe per organisation: excluded (NOT), an `IN (subquery)` of the year's meetings
    is a hashed subplan only while it fits PostgreSQL's work_mem, and the city's 344,000 meetings do not: the plan
    then scans the meetings once per organisation (the living year's completeness took minutes instead of seconds)."""
    meetings = Meeting.objects.filter(held_on__gte=dt.date(year, 1, 1), held_on__lte=dt.date(year, 12, 31))
    return (Q(Exists(meetings.filter(organisation_id=OuterRef("pk"))))
            | Q(Exists(meetings.filter(organisation__kind=Organisation.Kind.GROUP,
                                       organisation__parent_id=OuterRef("pk")))))


def keeping_records(organisations, year: int) -> set[int]:
    """The pks of the `organisations` (pks) that keep records for `year`: one query for them all, two index probes
    per organisation (`keeping_records_q`)."""
    return set(Organisation.objects.filter(pk__in=list(organisations)).filter(keeping_records_q(year))
               .order_by().values_list("pk", flat=True))
