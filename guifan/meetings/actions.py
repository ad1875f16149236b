"""Recording organisational life: one atomic action per meeting, writing the meeting, its attendance and grades,
the counts derivation reads (members with a vote, those present) and the change log. The pack in effect in the
meeting's year says which kinds the organisation records and what a record must hold (guifan.standards.meeting_rules).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guifan.core import audit, evidence
from guifan.core.models import ChangeLog
from guifan.members.models import GONE_STATUSES, Member
from guifan.orgs.models import Organisation
from guifan.standards.selectors import pack_for_year

from .models import Appraisal, Attendance, Meeting, MeetingFile
from .rollups import refresh_absences
from .signals import meetings_changed

Status = Attendance.Status
GONE = GONE_STATUSES
RECORD_FIELDS = ("place", "topic", "host", "minutes", "lecturer", "preparation")
NEED_LABELS = {"place": gettext_lazy("place"), "host": gettext_lazy("host"), "minutes": gettext_lazy("minutes"),
               "lecturer": gettext_lazy("lecturer"), "preparation": gettext_lazy("preparation")}


def attendees(organisation: Organisation):
    """The members who attend an organisation's meetings: a party group's own members; a branch's members; the
    members of a general branch's or committee's whole subtree. Members who left or died are not listed."""
    members = Member.objects.exclude(status__in=GONE)
    if organisation.kind == Organisation.Kind.GROUP:
        return members.filter(party_group=organisation)
    if organisation.kind == Organisation.Kind.BRANCH:
        return members.filter(organisation=organisation)
    return members.filter(organisation__path__startswith=organisation.path)


def meeting_kind(organisation: Organisation, kind: str, year: int):
    """The pack's kind `kind` as the organisation may record it in `year`, or a ValidationError."""
    try:
        pack = pack_for_year(year).pack()
    except ObjectDoesNotExist:
        raise ValidationError({"held_on": _("No standard pack is in effect in %(year)s: meetings of that year cannot "
                                            "be recorded.") % {"year": year}}) from None
    if kind not in pack.meetings or not pack.meetings[kind].holds(organisation.kind, organisation.domain):
        raise ValidationError({"kind": _("This organisation does not hold meetings of this kind.")})
    return pack.meetings[kind]


def _check_date(organisation: Organisation, held_on: dt.date, today: dt.date) -> None:
    if held_on > today:
        raise ValidationError({"held_on": _("A meeting cannot be recorded before it is held: the date is in the "
                                            "future.")})
    if organisation.founded_on and held_on < organisation.founded_on:
        raise ValidationError({"held_on": _("The organisation was founded on %(date)s, after this date.")
                               % {"date": organisation.founded_on.isoformat()}})
    if organisation.dissolved_on and held_on >= organisation.dissolved_on:
        raise ValidationError({"held_on": _("The organisation was dissolved on %(date)s, before this date.")
                               % {"date": organisation.dissolved_on.isoformat()}})


def _attendance_rows(organisation: Organisation, attendance: dict, held_on: dt.date) -> list[Attendance]:
    """One row per attendee listed; every member of the organisation must be listed once, and no one else."""
    eligible = {m.pk: m for m in attendees(organisation).only("pk", "name", "category", "joined_on")}
    strangers = [pk for pk in attendance if pk not in eligible]
    if strangers:
        outside = Member.objects.filter(pk__in=strangers).values_list("name", flat=True)
        raise ValidationError({"attendance": _("Not a member of this organisation: %(names)s.")
                               % {"names": "、".join(sorted(outside)) or _("an unknown member")}})
    missing = sorted(m.name for pk, m in eligible.items() if pk not in attendance)
    if missing:
        raise ValidationError({"attendance": _("Say whether each member attended; not given: %(names)s.")
                               % {"names": "、".join(missing)}})
    rows = []
    for pk, (status, reason) in attendance.items():
        if status not in Status.values:
            raise ValidationError({"attendance": _("Unknown attendance for %(name)s.") % {"name": eligible[pk].name}})
        if status == Status.LEAVE and not reason.strip():
            raise ValidationError({"attendance": _("Give the reason %(name)s was on leave.")
                                   % {"name": eligible[pk].name}})
        member = eligible[pk]
        has_vote = member.category == Member.Category.FULL and member.joined_on <= held_on
        rows.append(Attendance(member_id=pk, status=status, reason=reason.strip() if status == Status.LEAVE else "",
                               has_vote=has_vote))
    return rows


def _grade_rows(kind, grades: dict | None, rows: list[Attendance]) -> list[Appraisal]:
    if not kind.grades:
        if grades:
            raise ValidationError({"grades": _("Only a democratic appraisal grades members.")})
        return []
    present = {r.member_id for r in rows if r.status == Status.PRESENT}
    grades = grades or {}
    if set(grades) - present:
        raise ValidationError({"grades": _("Only members present are graded.")})
    if present - set(grades):
        raise ValidationError({"grades": _("Give a grade to every member present.")})
    wrong = [g for g in grades.values() if g not in Appraisal.Grade.values]
    if wrong:
        raise ValidationError({"grades": _("Unknown grade.")})
    return [Appraisal(member_id=pk, grade=grade) for pk, grade in grades.items()]


def _clean(organisation, kind_code, held_on, fields, attendance, grades, today):
    if organisation.kind not in Organisation.Kind.values:
        raise ValidationError({"organisation": _("Unknown organisation.")})
    _check_date(organisation, held_on, today)
    kind = meeting_kind(organisation, kind_code, held_on.year)
    values = {name: (fields.get(name) or "").strip() for name in RECORD_FIELDS}
    if not values["topic"]:
        raise ValidationError({"topic": _("Give the meeting's topic.")})
    for need in kind.needs:
        if not values[need]:
            raise ValidationError({need: _("A %(kind)s record needs its %(field)s.")
                                   % {"kind": kind.label["zh"], "field": NEED_LABELS[need]}})
    rows = _attendance_rows(organisation, attendance, held_on)
    return kind, values, rows, _grade_rows(kind, grades, rows)


def _write(meeting: Meeting, rows: list[Attendance], grades: list[Appraisal]) -> None:
    for row in rows:
        row.meeting = meeting
    for grade in grades:
        grade.meeting = meeting
    Attendance.objects.bulk_create(rows)
    Appraisal.objects.bulk_create(grades)
    meeting.voting_members = sum(r.has_vote for r in rows)
    meeting.voting_present = sum(r.has_vote and r.status == Status.PRESENT for r in rows)
    meeting.present = sum(r.status == Status.PRESENT for r in rows)
    meeting.save(update_fields=["voting_members", "voting_present", "present"])


def _changed(meeting: Meeting, *years: int) -> None:
    organisation = meeting.organisation
    for year in sorted(set(years)):
        transaction.on_commit(lambda y=year: meetings_changed.send(Meeting, organisation=organisation, year=y))


def meeting_errors(organisation: Organisation, *, kind: str, held_on: dt.date, attendance: dict,
                   grades: dict | None = None, today: dt.date | None = None, **fields) -> dict[str, list[str]]:
    """What record_meeting would refuse, as {field: messages} ({} for a record it would write); reads only (the
    Excel import checks every row with it before writing any)."""
    try:
        _clean(organisation, kind, held_on, fields, attendance, grades, today or timezone.localdate())
    except ValidationError as exc:
        return exc.message_dict
    return {}


@transaction.atomic
def record_meeting(organisation: Organisation, *, kind: str, held_on: dt.date, attendance: dict[int, tuple[str, str]],
                   grades: dict[int, str] | None = None, user=None, source: str = "web", today: dt.date | None = None,
                   **fields) -> Meeting:
    """Records a meeting of `organisation`: `attendance` is {member pk: (status, reason for leave)} for every
    member of the organisation, `grades` {member pk: grade} for a democratic appraisal, `fields` the record's
    place, topic, host, minutes, lecturer and preparation. Raises ValidationError and writes nothing on bad input."""
    today = today or timezone.localdate()
    kind_, values, rows, grade_rows = _clean(organisation, kind, held_on, fields, attendance, grades, today)
    meeting = Meeting.objects.create(organisation=organisation, kind=kind_.code, held_on=held_on, recorded_by=user,
                                     **values)
    _write(meeting, rows, grade_rows)
    refresh_absences(held_on.year, [r.member_id for r in rows])
    audit.record(meeting, ChangeLog.Action.CREATE, user=user, source=source, related=organisation)
    _changed(meeting, held_on.year)
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, held_on: dt.date, attendance: dict[int, tuple[str, str]],
                   grades: dict[int, str] | None = None, user=None, source: str = "web", today: dt.date | None = None,
                   **fields) -> Meeting:
    """Corrects a meeting's record (its kind stays): the attendance and grades are replaced as given."""
    today = today or timezone.localdate()
    organisation = meeting.organisation
    _kind, values, rows, grade_rows = _clean(organisation, meeting.kind, held_on, fields, attendance, grades, today)
    before, old_year = audit.snapshot(meeting), meeting.held_on.year
    attended = set(meeting.attendance.values_list("member_id", flat=True))
    meeting.attendance.all().delete()
    meeting.appraisals.all().delete()
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.held_on = held_on
    meeting.save()
    _write(meeting, rows, grade_rows)
    for year in {old_year, held_on.year}:
        refresh_absences(year, attended | {r.member_id for r in rows})
    audit.record(meeting, ChangeLog.Action.UPDATE, user=user, before=before, source=source, related=organisation)
    _changed(meeting, old_year, held_on.year)
    return meeting


@transaction.atomic
def delete_meeting(meeting: Meeting, *, user=None, source: str = "web") -> None:
    """Removes a meeting recorded by mistake (its attendance and grades go with it)."""
    organisation, year = meeting.organisation, meeting.held_on.year
    audit.record(meeting, ChangeLog.Action.DELETE, user=user, source=source, related=organisation)
    attended = list(meeting.attendance.values_list("member_id", flat=True))
    meeting.delete()
    refresh_absences(year, attended)
    transaction.on_commit(lambda: meetings_changed.send(Meeting, organisation=organisation, year=year))


# --- evidence files (photos and PDF of a meeting) ------------------------------------------------------------------

def add_meeting_file(meeting: Meeting, upload, *, user=None, source: str = "web") -> MeetingFile:
    """Keeps an uploaded photo or PDF as evidence of `meeting` (guifan.core.evidence checks what it is)."""
    return evidence.store(MeetingFile(meeting=meeting), upload, user=user, source=source,
                          related=meeting.organisation)


@transaction.atomic
def delete_meeting_file(item: MeetingFile, *, user=None, source: str = "web") -> None:
    """Removes an evidence file uploaded by mistake, from the record and (models' post_delete, once committed) from
    the disk."""
    meeting = item.meeting
    audit.entry(item, ChangeLog.Action.DELETE, user, evidence.file_snapshot(item), None, source,
                meeting.organisation).save()
    item.delete()
