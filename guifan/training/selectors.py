"""Read-only queries of the training records (never writing: a GET request writes nothing).

What other apps call:
- `hours_in(start, end, organisation_ids)`: each member's hours and credits completed in [start, end] by course
  mode, in grouped queries (the facts computers of `source: training` read it once per derivation);
- `completions_in(year, member_ids=None)` and `passed_papers_in(year, member_ids=None)`: which members completed
  which classes and passed which exams in a year (the points app's);
- `replacement_due(scope, pack, year)`: organisation committee members who failed the scheme's exam after every
  retake allowed (M05).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from guifan.core.bulk import in_chunks
from guifan.core.scoping import Scope
from guifan.members.models import Member, Post
from guifan.regions.models import Region

from .models import Course, CourseLibrary, Enrolment, Exam, Paper, Question, TrainingClass

ZERO = Decimal("0")


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- for the facts computers and the points app -----------------------------------------------------------------
def hours_in(start: dt.date, end: dt.date, organisation_ids=None) -> dict[int, dict[str, Decimal]]:
    """{member id: {course mode: hours}} of the completions in [start, end] of the members who now belong to one of
    `organisation_ids` (every member when None): one grouped query per 500 organisations, never one per member."""
    base = Enrolment.objects.filter(completed_on__gte=start, completed_on__lte=end)
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    chunks = [None] if organisation_ids is None else in_chunks(set(organisation_ids))
    for chunk in chunks:
        qs = base if chunk is None else base.filter(member__organisation_id__in=chunk)
        rows = (qs.values("member_id", "training_class__course__mode").annotate(h=Sum("hours"))
                .values_list("member_id", "training_class__course__mode", "h"))
        for member_id, mode, hours in rows:
            found[member_id][mode] = (hours or ZERO)
    return dict(found)


def completions_in(year: int, member_ids=None) -> QuerySet:
    """Enrolments completed in the year (member, class, course, hours, credits, completed_on)."""
    start, end = year_span(year)
    qs = Enrolment.objects.filter(completed_on__gte=start, completed_on__lte=end)
    if member_ids is not None:
        qs = qs.filter(member_id__in=member_ids)
    return qs.select_related("training_class", "training_class__course")


def passed_papers_in(year: int, member_ids=None) -> QuerySet:
    """Papers passed in the year (sat_on in it), with their exam."""
    start, end = year_span(year)
    qs = Paper.objects.filter(passed=True, sat_on__gte=start, sat_on__lte=end)
    if member_ids is not None:
        qs = qs.filter(member_id__in=member_ids)
    return qs.select_related("exam")


def member_years(member: Member) -> list[dict]:
    """A member's hours and credits per year of completion, the latest year first."""
    rows = (Enrolment.objects.filter(member=member, completed_on__isnull=False)
            .values_list("completed_on", "hours", "credits", "training_class__course__mode"))
    years: dict[int, dict] = {}
    for day, hours, credits, mode in rows:
        y = years.setdefault(day.year, {"year": day.year, "hours": ZERO, "credits": ZERO, "classes": 0,
                                        "rotation_hours": ZERO})
        y["hours"] += hours
        y["credits"] += credits
        y["classes"] += 1
        if mode == Course.Mode.ROTATION:
            y["rotation_hours"] += hours
    return [years[y] for y in sorted(years, reverse=True)]


def member_enrolments(member: Member) -> QuerySet:
    return (Enrolment.objects.filter(member=member).select_related("training_class", "training_class__course",
                                                                  "training_class__course__library")
            .order_by("-training_class__starts_on", "-pk"))


def exams_to_sit(member: Member) -> list[Exam]:
    """The exams of the member's classes they have not passed yet, each with `open_paper` (a paper drawn and not
    handed in, or None)."""
    exams = list(Exam.objects.filter(training_class__enrolments__member=member)
                 .exclude(papers__member=member, papers__passed=True).select_related("training_class")
                 .order_by("held_on", "pk").distinct())
    open_papers = {p.exam_id: p for p in Paper.objects.filter(member=member, exam__in=exams, passed__isnull=True)}
    for exam in exams:
        exam.open_paper = open_papers.get(exam.pk)
    return exams


def member_exam(member: Member, pk: int) -> Exam | None:
    """An exam of a class the member is enrolled in, or None."""
    return (Exam.objects.filter(pk=pk, training_class__enrolments__member=member).select_related("training_class")
            .first())


def paper_questions(paper: Paper) -> list[dict]:
    """The paper's questions in the order drawn, for the member to answer: text, choices and whether several
    choices are right. The answer key stays out."""
    questions = Question.objects.in_bulk(paper.drawn)
    found = []
    for number, qid in enumerate(paper.drawn, start=1):
        q = questions.get(qid)
        if q is not None:
            found.append({"number": number, "id": qid, "text": q.text, "marks": q.marks,
                          "choices": list(enumerate(q.choices)), "multiple": len(q.answer) > 1})
    return found


def member_papers(member: Member) -> QuerySet:
    return Paper.objects.filter(member=member).select_related("exam").order_by("-sat_on", "-pk")


# --- what a scope sees and manages ------------------------------------------------------------------------------
def _region_and_above(region: Region) -> list[int]:
    codes = region.path.strip("/").split("/")
    return list(Region.objects.filter(code__in=codes).values_list("pk", flat=True))


def visible_libraries(scope: Scope) -> QuerySet:
    """Libraries a scope may read: those it owns and those of the levels above it (a township reads the county's
    and the city's courses); a village's own library only inside its scope."""
    qs = CourseLibrary.objects.select_related("region", "organisation")
    if scope.is_all:
        return qs
    if scope.region is not None:
        return qs.filter(Q(region__path__startswith=scope.region.path)
                         | Q(region__in=_region_and_above(scope.region))
                         | Q(organisation__in=scope.organisations()))
    org = scope.organisation or (scope.member.organisation if scope.member else None)
    if org is None:
        return qs.none()
    return qs.filter(Q(region__in=_region_and_above(org.region)) | Q(organisation__in=scope.organisations()))


def managed_libraries(scope: Scope) -> QuerySet:
    """Libraries a scope may change: a county its county's and townships', a township its own, an organisation
    (a village secretary) its own village library; the city every one."""
    qs = CourseLibrary.objects.select_related("region", "organisation")
    if not scope.can_edit:
        return qs.none()
    if scope.is_all:
        return qs
    if scope.region is not None:
        return qs.filter(Q(region__path__startswith=scope.region.path) | Q(organisation__in=scope.organisations()))
    return qs.filter(organisation__in=scope.organisations())


def may_manage(scope: Scope, library: CourseLibrary) -> bool:
    return managed_libraries(scope).filter(pk=library.pk).exists()


def visible_library(scope: Scope, pk) -> CourseLibrary | None:
    return visible_libraries(scope).filter(pk=pk).first()


def visible_courses(scope: Scope) -> QuerySet:
    return Course.objects.filter(library__in=visible_libraries(scope)).select_related("library")


def visible_classes(scope: Scope) -> QuerySet:
    return TrainingClass.objects.filter(course__library__in=visible_libraries(scope)).select_related(
        "course", "course__library")


def visible_exams(scope: Scope) -> QuerySet:
    return Exam.objects.filter(training_class__in=visible_classes(scope)).select_related("training_class")


def class_enrolments(scope: Scope, training_class: TrainingClass) -> QuerySet:
    """The class's enrolments of members the scope sees (a county sees its own members in a city class)."""
    return (training_class.enrolments.filter(member__in=scope.members())
            .select_related("member", "member__organisation").order_by("member__name", "pk"))


def pending_by_organisation(pending: QuerySet) -> list[dict]:
    """The organisations of the enrolments not yet signed off, each with how many: one grouped query."""
    return list(pending.order_by().values("member__organisation_id", "member__organisation__name")
                .annotate(n=Count("pk")).order_by("member__organisation__name"))


def exam_papers(scope: Scope, exam: Exam) -> QuerySet:
    return (exam.papers.filter(member__in=scope.members()).select_related("member", "member__organisation")
            .order_by("member__name", "attempt"))


def attempts_used(exam: Exam, member_ids) -> dict[int, int]:
    """{member id: the highest attempt number sat} for the exam."""
    found = {}
    for chunk in in_chunks(set(member_ids)):
        found.update(Paper.objects.filter(exam=exam, member_id__in=chunk).values("member_id")
                     .annotate(n=Max("attempt")).values_list("member_id", "n"))
    return found


# --- M05: organisation committee members to replace -------------------------------------------------------------
def replacement_due(scope: Scope, pack, year: int) -> list[dict]:
    """Organisation committee members holding the post in the year who, in an exam of a scheme the pack marks
    `replace_on_failure`, sat every attempt allowed (first and retakes) and passed none: {post, member, exam,
    attempts, best}."""
    training = getattr(pack, "training", None)
    schemes = training.replacement_schemes if training else ()
    if not schemes:
        return []
    start, end = year_span(year)
    posts = {p.member_id: p for p in Post.objects.filter(
        post=Post.Kind.ORGANISATION_COMMITTEE, started_on__lte=end, member__in=scope.members(),
        organisation__in=scope.organisations()).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("member", "organisation")}
    if not posts:
        return []
    papers = (Paper.objects.filter(exam__scheme__in=schemes, exam__held_on__gte=start, exam__held_on__lte=end,
                                   member_id__in=list(posts), passed__isnull=False)
              .values_list("member_id", "exam_id", "attempt", "passed", "score"))
    by: dict[tuple[int, int], dict] = {}
    for member_id, exam_id, attempt, passed, score in papers:
        row = by.setdefault((member_id, exam_id), {"attempts": 0, "passed": False, "best": None})
        row["attempts"] = max(row["attempts"], attempt)
        row["passed"] = row["passed"] or passed
        row["best"] = score if row["best"] is None else max(row["best"], score or 0)
    exams = Exam.objects.in_bulk({exam_id for _m, exam_id in by})
    found = []
    for (member_id, exam_id), row in sorted(by.items()):
        exam = exams[exam_id]
        allowed = training.exams[exam.scheme].attempts if exam.scheme in training.exams else None
        if allowed is not None and not row["passed"] and row["attempts"] >= allowed:
            post = posts[member_id]
            found.append({"post": post, "member": post.member, "exam": exam, "attempts": row["attempts"],
                          "best": row["best"]})
    return found
