"""The training sheets of the Excel page: class completions (a whole sign-in sheet) and exam scores. Each row names
the class or exam by its code (the codes sheet lists those the user manages) and the member by ID number, checked
against the name, within the user's scope. The checks only read; `actions.record_completions` and
`actions.record_scores` write, all or nothing, in one transaction."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from guifan.core import crypto
from guifan.core.bulk import in_chunks
from guifan.core.spreadsheets.checks import fetch_by
from guifan.core.spreadsheets.columns import Column
from guifan.core.spreadsheets.registry import Sheet, Written
from guifan.core.spreadsheets.results import ErrorCollector

from . import actions, selectors
from .models import Enrolment, Exam, Paper, TrainingClass

ID_COLUMN = dict(kind="id_number", required=True, width=22, sensitive=True,
                 help=gettext_lazy("18 characters; the member must be in your area."))
NAME_COLUMN = dict(kind="text", required=True, width=12, help=gettext_lazy("Must match the ID number."))

COMPLETION_COLUMNS = (
    Column("training_class", pgettext_lazy("column", "Class code"), "code", required=True,
           reference="training_classes", listed=True, width=14,
           help=gettext_lazy("The code of the class (see the codes sheet or the class page).")),
    Column("id_number", pgettext_lazy("column", "Citizen ID number"), **ID_COLUMN),
    Column("name", pgettext_lazy("column", "Name"), **NAME_COLUMN),
    Column("completed_on", pgettext_lazy("column", "Completed on"), "date", required=True),
)
SCORE_COLUMNS = (
    Column("exam", pgettext_lazy("column", "Exam code"), "code", required=True, reference="training_exams",
           listed=True, width=14, help=gettext_lazy("The code of the exam (see the codes sheet or the exam page).")),
    Column("id_number", pgettext_lazy("column", "Citizen ID number"), **ID_COLUMN),
    Column("name", pgettext_lazy("column", "Name"), **NAME_COLUMN),
    Column("score", pgettext_lazy("column", "Score"), "count", required=True, width=8,
           help=gettext_lazy("A whole number, at most the paper's total.")),
    Column("sat_on", pgettext_lazy("column", "Sat on"), "date", help=gettext_lazy("Empty: the day of the exam.")),
)


def _managed_classes(scope):
    return TrainingClass.objects.filter(course__library__in=selectors.managed_libraries(scope), code__isnull=False)


def _managed_exams(scope):
    return Exam.objects.filter(training_class__in=_managed_classes(scope), code__isnull=False)


def references(scope) -> dict:
    classes = _managed_classes(scope).select_related("course").order_by("-starts_on")[:2000]
    exams = _managed_exams(scope).select_related("training_class").order_by("-held_on")[:2000]
    return {
        "training_classes": ([_("Class code"), _("Class"), _("Course"), _("Starts on")],
                             [(c.code, c.title, c.course.title, c.starts_on) for c in classes]),
        "training_exams": ([_("Exam code"), _("Exam"), _("Class"), _("Total marks")],
                           [(e.code, e.title, e.training_class.title, e.total) for e in exams]),
    }


def _resolve_members(rows, scope, errors: ErrorCollector) -> None:
    """ID numbers become members of the scope (checked against the name); outside the scope is as unknown."""
    hashes = {crypto.keyed_hash(d["id_number"]): n for n, d in rows if d.get("id_number")}
    found = {}
    for chunk in in_chunks(hashes):
        for m in scope.members().filter(id_number_hash__in=chunk).only("pk", "name", "id_number_hash"):
            found[m.id_number_hash] = m
    for number, data in rows:
        if not data.get("id_number"):
            continue
        member = found.get(crypto.keyed_hash(data["id_number"]))
        if member is None:
            errors.add(number, "id_number", _("No member with this ID number in your area."))
        elif data.get("name") and data["name"] != member.name:
            errors.add(number, "name", _("The name does not match the member with this ID number (%(name)s).")
                       % {"name": member.name})
        else:
            data["member"] = member


def _repeated(rows, key: str, errors: ErrorCollector) -> None:
    first = {}
    for number, data in rows:
        member, target = data.get("member"), data.get(key)
        if member is None or target is None:
            continue
        pair = (member.pk, target.pk)
        if pair in first:
            errors.add(number, "id_number", _("The same member is already in row %(row)s of this file.")
                       % {"row": first[pair]})
        else:
            first[pair] = number


# --- completions -------------------------------------------------------------------------------------------------
def check_completions(rows, errors: ErrorCollector, *, scope, today=None) -> list[dict]:
    today = today or timezone.localdate()
    codes = {d.get("training_class") for _n, d in rows}
    known = fetch_by(_managed_classes(scope).select_related("course"), "code", codes)
    for number, data in rows:
        code = data.get("training_class")
        data["training_class"] = known.get(code) if code else None
        if code and data["training_class"] is None:
            errors.add(number, "training_class", _("Unknown class code (or a class you do not manage)."))
    _resolve_members(rows, scope, errors)
    _repeated(rows, "training_class", errors)
    enrolled = defaultdict(dict)
    for klass in {d["training_class"] for _n, d in rows if d.get("training_class")}:
        enrolled[klass.pk] = dict(klass.enrolments.values_list("member_id", "completed_on"))
    for number, data in rows:
        klass, member, day = data.get("training_class"), data.get("member"), data.get("completed_on")
        if klass is None:
            continue
        if day and day < klass.starts_on:
            errors.add(number, "completed_on", _("The completion date is before the class starts."))
        elif day and day > today:
            errors.add(number, "completed_on", _("The completion date is in the future."))
        if member is None:
            continue
        if member.pk not in enrolled[klass.pk]:
            errors.add(number, "id_number", _("This member is not enrolled in the class."))
        elif enrolled[klass.pk][member.pk]:
            errors.add(number, "id_number", _("This member's completion is already recorded (%(day)s).")
                       % {"day": enrolled[klass.pk][member.pk].isoformat()})
    return [data for _n, data in rows]


@transaction.atomic
def save_completions(checked: list[dict], *, user) -> Written:
    groups = defaultdict(list)
    for data in checked:
        groups[(data["training_class"], data["completed_on"])].append(data["member"])
    n = 0
    try:
        for (klass, day), members in groups.items():
            n += actions.record_completions(klass, members, completed_on=day, user=user, source="import")
    except ValidationError as exc:  # the records changed meanwhile: nothing is written
        raise IntegrityError(str(exc)) from exc
    return Written(n)


def export_completions(queryset):
    headers = [pgettext("column", "Class code"), str(_("Class")), pgettext("column", "Citizen ID number"),
               pgettext("column", "Name"), str(_("Party organisation name")), pgettext("column", "Completed on"),
               str(_("Hours")), str(_("Credits"))]
    fields = ("training_class__code", "training_class__title", "member__id_number_masked", "member__name",
              "member__organisation__name", "completed_on", "hours", "credits")

    def rows():
        for r in queryset.values_list(*fields).iterator(chunk_size=5000):
            yield (r[0], r[1], r[2], r[3], r[4], r[5], float(r[6]), float(r[7]))

    return headers, {0, 2}, rows()


# --- scores ------------------------------------------------------------------------------------------------------
def check_scores(rows, errors: ErrorCollector, *, scope, today=None) -> list[dict]:
    known = fetch_by(_managed_exams(scope).select_related("training_class"), "code", {d.get("exam") for _n, d in rows})
    for number, data in rows:
        code = data.get("exam")
        data["exam"] = known.get(code) if code else None
        if code and data["exam"] is None:
            errors.add(number, "exam", _("Unknown exam code (or an exam you do not manage)."))
    _resolve_members(rows, scope, errors)
    _repeated(rows, "exam", errors)
    rules = {}
    for number, data in rows:
        exam, member = data.get("exam"), data.get("member")
        if exam is None:
            continue
        errors.add_all(number, actions.score_errors(exam, member, data.get("score"), data.get("sat_on"))
                       if data.get("score") is not None else {})
        if member is None:
            continue
        year = exam.held_on.year
        if year not in rules:
            rules[year] = actions.training_rules(year)
        if rules[year] is None:
            errors.add(number, "exam", _("No standard pack in effect in %(year)s gives the exam schemes.")
                       % {"year": year})
            continue
        try:
            actions.next_attempt(exam, member, rules[year])
        except ValidationError as exc:
            errors.add(number, "id_number", exc.messages)
    return [data for _n, data in rows]


@transaction.atomic
def save_scores(checked: list[dict], *, user) -> Written:
    groups = defaultdict(list)
    for data in checked:
        groups[data["exam"]].append((data["member"], data["score"], data.get("sat_on")))
    n = 0
    try:
        for exam, scores in groups.items():
            n += len(actions.record_scores(exam, scores, user=user, source="import"))
    except ValidationError as exc:
        raise IntegrityError(str(exc)) from exc
    return Written(n)


def export_scores(queryset):
    headers = [pgettext("column", "Exam code"), str(_("Exam")), pgettext("column", "Citizen ID number"),
               pgettext("column", "Name"), str(_("Attempt")), pgettext("column", "Score"), str(_("Result")),
               pgettext("column", "Sat on")]
    fields = ("exam__code", "exam__title", "member__id_number_masked", "member__name", "attempt", "score", "passed",
              "sat_on")

    def rows():
        for r in queryset.values_list(*fields).iterator(chunk_size=5000):
            result = _("Passed") if r[6] else (_("Not marked") if r[6] is None else _("Failed"))
            yield (r[0], r[1], r[2], r[3], r[4], r[5], str(result), r[7])

    return headers, {0, 2}, rows()


COMPLETIONS = Sheet(
    kind="training_completions", name=gettext_lazy("Class completions"), title=gettext_lazy("Completions"),
    columns=COMPLETION_COLUMNS, check=check_completions, save=save_completions, references=references, order=60,
    notes=(gettext_lazy("One row per member who completed a class (a sign-in sheet): the member must be enrolled "
                        "and not yet signed off; the course's hours and credits are earned."),),
    queryset=lambda scope: Enrolment.objects.filter(member__in=scope.members(), completed_on__isnull=False)
    .order_by("training_class_id", "member__name"),
    export_rows=export_completions,
)
SCORES = Sheet(
    kind="training_scores", name=gettext_lazy("Exam scores"), title=gettext_lazy("Scores"), columns=SCORE_COLUMNS,
    check=check_scores, save=save_scores, references=references, order=61,
    notes=(gettext_lazy("One row per paper: each is the member's next attempt, as many retakes as the standard "
                        "allows; passed when the score reaches the exam's pass mark."),),
    queryset=lambda scope: Paper.objects.filter(member__in=scope.members()).order_by("exam_id", "member__name",
                                                                                     "attempt"),
    export_rows=export_scores,
)
