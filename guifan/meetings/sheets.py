"""The meetings sheet of the Excel page: one row per meeting, with its organisation, kind, date and record, and the
members who did not attend named in the row (everyone else of the organisation was present), so that a secretary
fills one line per meeting. The check reads only (actions.meeting_errors for each row); `save` records every row
with actions.record_meeting in one transaction. The export writes the same columns, so an export can be read back.
"""

import re

import django_filters
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from guifan.core.spreadsheets.checks import fetch_by
from guifan.core.spreadsheets.columns import Column, header_of
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.results import ErrorCollector
from guifan.orgs.models import Organisation
from guifan.orgs.sheets import CODES_NOTE
from guifan.standards.selectors import pack_in_effect, reporting_year

from . import actions
from .models import Appraisal, Attendance, Meeting

SPLIT_NAMES = re.compile(r"[、，,；;\s]+")
SPLIT_ITEMS = re.compile(r"[；;\n]+")
SPLIT_PAIR = re.compile(r"[：:]")


def _pack():
    version = pack_in_effect(timezone.localdate().year) or pack_in_effect(reporting_year())
    return version.pack() if version is not None else None


def kind_choices() -> list[tuple[str, str]]:
    """The meeting kinds of the pack in effect, by their Chinese labels (English labels and codes are accepted)."""
    pack = _pack()
    return [(k.code, k.label.get("zh", k.code)) for k in pack.meetings] if pack is not None else []


def _kind_aliases() -> dict:
    pack = _pack()
    return {k.label["en"]: k.code for k in pack.meetings if k.label.get("en")} if pack is not None else {}


class _KindColumn(Column):
    def lookup(self) -> dict[str, str]:
        found = super().lookup()
        found.update({alias.casefold(): code for alias, code in _kind_aliases().items()})
        return found


COLUMNS = (
    Column("organisation", pgettext_lazy("column", "Party organisation code"), "code", required=True,
           reference="meeting_organisations", listed=True,
           help=gettext_lazy("The organisation that held the meeting (a party group for a party group meeting); see "
                             "the codes sheet."), width=18),
    _KindColumn("kind", pgettext_lazy("column", "Meeting kind"), "choice", required=True, choices=kind_choices,
                width=20),
    Column("held_on", pgettext_lazy("column", "Date held"), "date", required=True),
    Column("topic", pgettext_lazy("column", "Topic"), "text", required=True, width=24),
    Column("place", pgettext_lazy("column", "Place"), "text", width=14),
    Column("host", pgettext_lazy("column", "Host"), "text", width=10),
    Column("minutes", pgettext_lazy("column", "Minutes"), "text", width=30),
    Column("lecturer", pgettext_lazy("column", "Lecturer"), "text", width=10,
           help=gettext_lazy("Party lectures: who gave it.")),
    Column("preparation", pgettext_lazy("column", "Lesson preparation"), "text", width=24,
           help=gettext_lazy("Party lectures: the preparation record (备课).")),
    Column("absent", pgettext_lazy("column", "Absent"), "text", width=20,
           help=gettext_lazy("Names of the members absent, separated by 、 or commas. Every member not named here or "
                             "under leave was present.")),
    Column("leave", pgettext_lazy("column", "On leave (name: reason)"), "text", width=24,
           help=gettext_lazy("Each member on leave with the reason, e.g. 张三：外出务工；李四：生病.")),
    Column("grades", pgettext_lazy("column", "Appraisal grades (name: grade)"), "text", width=24,
           help=gettext_lazy("Democratic appraisal only: every member present with a grade (优秀, 合格, 基本合格, "
                             "不合格), e.g. 张三：优秀；李四：合格.")),
)


def references(scope) -> dict:
    kinds = dict(Organisation.Kind.choices)
    orgs = scope.organisations().active().order_by("code")
    return {"meeting_organisations": ([_("Organisation code"), _("Organisation name"), _("Organisation kind")],
                                      [(o.code, o.name, str(kinds[o.kind])) for o in orgs])}


# --- checks ------------------------------------------------------------------------------------------------------

def _grade_lookup() -> dict[str, str]:
    return Column("grade", "", "choice", choices=lambda: Appraisal.Grade.choices).lookup()


class _Roll:
    """An organisation's members by name, for reading the names in a row."""

    def __init__(self, organisation):
        self.members = list(actions.attendees(organisation).only("pk", "name"))
        self.by_name: dict[str, list[int]] = {}
        for m in self.members:
            self.by_name.setdefault(m.name, []).append(m.pk)

    def find(self, name: str) -> tuple[int | None, str | None]:
        pks = self.by_name.get(name, [])
        if not pks:
            return None, _("%(name)s is not a member of this organisation.") % {"name": name}
        if len(pks) > 1:
            return None, _("Two members of this organisation are called %(name)s: record this meeting on its web "
                           "page.") % {"name": name}
        return pks[0], None


def _names(text: str) -> list[str]:
    return [n for n in SPLIT_NAMES.split(text or "") if n]


def _pairs(text: str) -> list[tuple[str, str]]:
    """"张三：外出务工；李四：生病" as [(name, reason)]; a name without a reason gets ""."""
    found = []
    for item in SPLIT_ITEMS.split(text or ""):
        parts = SPLIT_PAIR.split(item.strip(), maxsplit=1)
        if parts[0].strip():
            found.append((parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return found


def _attendance(number, data, roll: _Roll, errors: ErrorCollector):
    """{member pk: (status, reason)} for every member (present unless named), or None after reporting errors."""
    statuses: dict[int, tuple[str, str]] = {}
    seen: dict[int, str] = {}
    ok = True

    def mark(column, name, status, reason=""):
        nonlocal ok
        pk, problem = roll.find(name)
        if problem:
            errors.add(number, column, problem)
            ok = False
            return
        if pk in seen:
            errors.add(number, column, _("%(name)s is marked twice in this row.") % {"name": name})
            ok = False
            return
        seen[pk] = column
        statuses[pk] = (status, reason)

    for name in _names(data.get("absent", "")):
        mark("absent", name, Attendance.Status.ABSENT)
    for name, reason in _pairs(data.get("leave", "")):
        if not reason:
            errors.add(number, "leave", _("Give the reason %(name)s was on leave (name：reason).") % {"name": name})
            ok = False
            continue
        mark("leave", name, Attendance.Status.LEAVE, reason)
    if not ok:
        return None
    return {m.pk: statuses.get(m.pk, (Attendance.Status.PRESENT, "")) for m in roll.members}


def _grades(number, data, roll: _Roll, errors: ErrorCollector):
    text = data.get("grades", "")
    if not text:
        return None
    lookup, grades = _grade_lookup(), {}
    for name, label in _pairs(text):
        pk, problem = roll.find(name)
        grade = lookup.get(label.casefold())
        if problem is None and pk in grades:
            problem = _("%(name)s is marked twice in this row.") % {"name": name}
        if problem is None and grade is None:
            problem = _("Unknown grade for %(name)s: use 优秀, 合格, 基本合格 or 不合格.") % {"name": name}
        if problem:
            errors.add(number, "grades", problem)
            return False
        grades[pk] = grade
    return grades


FIELD_COLUMNS = {"attendance": "absent", "grades": "grades", "organisation": "organisation"}


def check(rows, errors: ErrorCollector, *, scope, today=None) -> list[dict]:
    """Each row as record_meeting's arguments; every problem reported with its row and column."""
    today = today or timezone.localdate()
    known = fetch_by(scope.organisations().select_related("region"), "code", {d.get("organisation") for _n, d in rows})
    rolls: dict[int, _Roll] = {}
    checked = []
    for number, data in rows:
        code = data.get("organisation")
        org = known.get(code) if code else None
        if code and org is None:
            errors.add(number, "organisation", _("Unknown organisation code (or outside your scope)."))
        if org is None or errors.has(number, "kind") or errors.has(number, "held_on") or not data.get("held_on"):
            continue
        roll = rolls.setdefault(org.pk, _Roll(org))
        attendance = _attendance(number, data, roll, errors)
        grades = _grades(number, data, roll, errors)
        if attendance is None or grades is False:
            continue
        fields = {name: data.get(name, "") for name in actions.RECORD_FIELDS}
        record = {"organisation": org, "kind": data["kind"], "held_on": data["held_on"], "attendance": attendance,
                  "grades": grades, **fields}
        for field, messages in actions.meeting_errors(**record, today=today).items():
            errors.add(number, FIELD_COLUMNS.get(field, field), messages)
        checked.append(record)
    return checked


def save(checked: list[dict], *, user) -> Written:
    """Every row recorded, in one transaction: a row refused now (the register changed since the check) undoes all."""
    from django.core.exceptions import ValidationError

    try:
        with transaction.atomic():
            for record in checked:
                actions.record_meeting(**record, user=user, source="import")
    except ValidationError as exc:
        raise IntegrityError(str(exc)) from exc
    return Written(len(checked))


# --- export ------------------------------------------------------------------------------------------------------

class MeetingFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="held_on", lookup_expr="year", label=gettext_lazy("Year"))
    organisation = django_filters.NumberFilter(method="in_organisation", label=gettext_lazy("Organisation"))
    region = django_filters.CharFilter(method="in_region", label=gettext_lazy("Region"))

    class Meta:
        model = Meeting
        fields = ["year", "organisation", "region"]

    def in_organisation(self, queryset, _name, value):
        org = Organisation.objects.filter(pk=value).only("path").first()
        return queryset.filter(organisation__path__startswith=org.path) if org else queryset.none()

    def in_region(self, queryset, _name, value):
        return queryset.filter(organisation__region__path__contains=f"/{value}/")


def export_rows(queryset):
    """(headers, text-column indexes, rows): the import's columns, then the counts."""
    headers = [header_of(COLUMNS, c.key) for c in COLUMNS] + [
        str(_("Party organisation name")), pgettext("column", "Present"), pgettext("column", "Members with a vote"),
        pgettext("column", "Members with a vote present")]
    kinds = dict(kind_choices())
    grade_names = dict(Appraisal.Grade.choices)
    missed = Prefetch("attendance", to_attr="missed",
                      queryset=Attendance.objects.exclude(status=Attendance.Status.PRESENT)
                      .select_related("member").only("meeting_id", "status", "reason", "member__name")
                      .order_by("member__name"))
    grades = Prefetch("appraisals", to_attr="grades",
                      queryset=Appraisal.objects.select_related("member").only("meeting_id", "grade", "member__name")
                      .order_by("member__name"))
    meetings = (queryset.select_related("organisation").prefetch_related(missed, grades)
                .order_by("organisation__code", "held_on", "pk"))

    def rows():
        for m in meetings.iterator(chunk_size=2000):
            absent = "、".join(a.member.name for a in m.missed if a.status == Attendance.Status.ABSENT)
            leave = "；".join(f"{a.member.name}：{a.reason}" for a in m.missed if a.status == Attendance.Status.LEAVE)
            graded = "；".join(f"{g.member.name}：{grade_names.get(g.grade, g.grade)}" for g in m.grades)
            yield (m.organisation.code, kinds.get(m.kind, m.kind), m.held_on, m.topic, m.place, m.host, m.minutes,
                   m.lecturer, m.preparation, absent, leave, graded, m.organisation.name, m.present,
                   m.voting_members, m.voting_present)

    return headers, {0}, rows()


SHEET = Sheet(
    kind="meetings", name=gettext_lazy("Meetings and attendance"), title=gettext_lazy("Meetings"), columns=COLUMNS,
    check=check, save=save, references=references, order=40,
    notes=(CODES_NOTE, gettext_lazy("One row per meeting. Every member of the organisation is present unless named "
                                    "under absent or on leave; a member named twice, or not of that organisation, is "
                                    "an error."),
           gettext_lazy("Nothing is written unless every row is correct.")),
    queryset=lambda scope: Meeting.objects.filter(organisation__in=scope.organisations()),
    filterset=MeetingFilterSet, export_rows=export_rows,
)
