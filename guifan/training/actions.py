"""Every change to the training records is one function here: validated, atomic, written to the change log.

The thresholds (pass shares, retakes) are the pack's `training:` rules in effect in the exam's year
(guifan/standards/training_rules.py); a caller may pass them (`rules=`) to act by another pack.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.standards import selectors as pack_selectors

from .models import Course, CourseLibrary, Enrolment, Exam, Paper, Question, TrainingClass


def training_rules(year: int):
    """The `training:` rules of the pack in effect in `year`, or None."""
    version = pack_selectors.pack_in_effect(year)
    return version.pack().training if version is not None else None


def _rules_or_error(year: int, rules):
    rules = rules if rules is not None else training_rules(year)
    if rules is None:
        raise ValidationError(_("No standard pack in effect in %(year)s gives the exam schemes.") % {"year": year})
    return rules


def _decimal(value, field: str) -> Decimal:
    try:
        found = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if found < 0 or found > 999:
        raise ValidationError({field: _("Enter a number from 0 to 999.")})
    return found


# --- libraries, courses, classes ----------------------------------------------------------------------------------
LEVEL_OF_REGION = {"city": CourseLibrary.Level.CITY, "county": CourseLibrary.Level.COUNTY,
                   "township": CourseLibrary.Level.TOWNSHIP}


@transaction.atomic
def create_library(name: str, *, region=None, organisation=None, user=None, source: str = "web") -> CourseLibrary:
    """A library of a region (city, county or township library: its level is the region's) or of an organisation
    (a village or community library)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    if (region is None) == (organisation is None):
        raise ValidationError(_("A library belongs to a region or to an organisation, one of the two."))
    if region is not None:
        level = LEVEL_OF_REGION.get(region.level)
        if level is None:
            raise ValidationError({"region": _("A library belongs to the city, a county or a township.")})
    else:
        level = CourseLibrary.Level.VILLAGE
    library = CourseLibrary.objects.create(name=name, level=level, region=region, organisation=organisation)
    audit.record(library, ChangeLog.Action.CREATE, user, source=source)
    return library


@transaction.atomic
def create_course(library: CourseLibrary, *, title: str, mode: str, hours, credits, audience: str = "",
                  audiences: tuple[str, ...] | None = None, user=None, source: str = "web") -> Course:
    """`audiences`: those the pack names (a course's audience must be one of them or empty)."""
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("This field is required.")
    if mode not in Course.Mode.values:
        errors["mode"] = _("Choose rotation training, online or on site.")
    if audience and audiences is not None and audience not in audiences:
        errors["audience"] = _("Not a training audience of the standard.")
    if errors:
        raise ValidationError(errors)
    course = Course.objects.create(library=library, title=title, mode=mode, hours=_decimal(hours, "hours"),
                                   credits=_decimal(credits, "credits"), audience=audience)
    audit.record(course, ChangeLog.Action.CREATE, user, source=source)
    return course


@transaction.atomic
def create_class(course: Course, *, title: str, starts_on: dt.date, ends_on: dt.date, place: str = "",
                 region=None, user=None, source: str = "web") -> TrainingClass:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("This field is required.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("A class cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    training_class = TrainingClass.objects.create(course=course, title=title.strip(), starts_on=starts_on,
                                                  ends_on=ends_on, place=place, region=region)
    training_class.code = f"PX{training_class.pk:06d}"
    training_class.save(update_fields=["code"])
    audit.record(training_class, ChangeLog.Action.CREATE, user, source=source)
    return training_class


# --- enrolment and completion -------------------------------------------------------------------------------------
@transaction.atomic
def enrol(training_class: TrainingClass, members, *, user=None, source: str = "web") -> list[Enrolment]:
    """Enrols members (all or none: a member already enrolled is refused by name)."""
    members = list(members)
    already = set(training_class.enrolments.filter(member__in=members).values_list("member_id", flat=True))
    if already:
        names = "、".join(sorted(m.name for m in members if m.pk in already))
        raise ValidationError(_("Already enrolled in this class: %(names)s.") % {"names": names})
    if len({m.pk for m in members}) != len(members):
        raise ValidationError(_("A member is listed twice."))
    created = Enrolment.objects.bulk_create(
        [Enrolment(training_class=training_class, member=m) for m in members], batch_size=1000)
    log = audit.entry(training_class, ChangeLog.Action.UPDATE, user, before=None,
                      after={"enrolled": sorted(m.pk for m in members)}, source=source)
    log.save()
    return created


def completion_errors(training_class: TrainingClass, members, completed_on: dt.date | None,
                      today: dt.date | None = None) -> list[str]:
    """Why a sign-in of these members on `completed_on` cannot be recorded (empty: it can)."""
    today = today or timezone.localdate()
    problems = []
    if completed_on is None:
        problems.append(_("Give the day of completion."))
    elif completed_on < training_class.starts_on:
        problems.append(_("The completion date is before the class starts."))
    elif completed_on > today:
        problems.append(_("The completion date is in the future."))
    members = list(members)
    if not members:
        problems.append(_("Tick at least one member."))
    enrolled = dict(training_class.enrolments.filter(member__in=members).values_list("member_id", "completed_on"))
    missing = sorted(m.name for m in members if m.pk not in enrolled)
    done = sorted(m.name for m in members if enrolled.get(m.pk))
    if missing:
        problems.append(_("Not enrolled in this class: %(names)s.") % {"names": "、".join(missing)})
    if done:
        problems.append(_("Completion already recorded: %(names)s.") % {"names": "、".join(done)})
    if len({m.pk for m in members}) != len(members):
        problems.append(_("A member is listed twice."))
    return problems


@transaction.atomic
def record_completions(training_class: TrainingClass, members, *, completed_on: dt.date, user=None,
                       source: str = "web", today: dt.date | None = None) -> int:
    """One sign-in sheet: every member ticked completed the class on `completed_on` and earns the course's hours
    and credits as they are now. All or nothing, with one change-log entry on the class."""
    members = list(members)
    problems = completion_errors(training_class, members, completed_on, today)
    if problems:
        raise ValidationError(problems)
    course = training_class.course
    recorded_by = user if getattr(user, "is_authenticated", False) else None
    n = (Enrolment.objects.filter(training_class=training_class, member__in=members, completed_on__isnull=True)
         .update(completed_on=completed_on, hours=course.hours, credits=course.credits, recorded_by=recorded_by))
    audit.entry(training_class, ChangeLog.Action.UPDATE, user, before=None,
                after={"completed": sorted(m.pk for m in members), "completed_on": completed_on.isoformat(),
                       "hours": str(course.hours), "credits": str(course.credits)}, source=source).save()
    return n


# --- question bank, exams, papers ---------------------------------------------------------------------------------
@transaction.atomic
def create_question(library: CourseLibrary, *, text: str, choices: list[str], answer: list[int], marks: int = 1,
                    course: Course | None = None, user=None, source: str = "web") -> Question:
    errors = {}
    choices = [str(c).strip() for c in choices if str(c).strip()]
    if not (text or "").strip():
        errors["text"] = _("This field is required.")
    if len(choices) < 2:
        errors["choices"] = _("A question needs at least two choices.")
    answer = sorted(set(answer or []))
    if not answer or any(not isinstance(i, int) or i < 0 or i >= len(choices) for i in answer):
        errors["answer"] = _("The answer must name one or more of the choices.")
    if not isinstance(marks, int) or marks < 1:
        errors["marks"] = _("A question is worth at least one mark.")
    if course is not None and course.library_id != library.pk:
        errors["course"] = _("The course is not in this library.")
    if errors:
        raise ValidationError(errors)
    question = Question.objects.create(library=library, course=course, text=text.strip(), choices=choices,
                                       answer=answer, marks=marks)
    audit.record(question, ChangeLog.Action.CREATE, user, source=source)
    return question


@transaction.atomic
def create_exam(training_class: TrainingClass, *, title: str, held_on: dt.date, scheme: str, questions: int,
                total: int, pass_mark: int | None = None, rules=None, user=None, source: str = "web") -> Exam:
    """An exam of a class under one of the pack's schemes; without a pass mark, the scheme's share of the total."""
    rules = _rules_or_error(held_on.year, rules)
    errors = {}
    if scheme not in rules.exams:
        errors["scheme"] = _("Not an exam scheme of the standard in effect.")
    if not (title or "").strip():
        errors["title"] = _("This field is required.")
    if not questions or questions < 1:
        errors["questions"] = _("A paper has at least one question.")
    if not total or total < 1:
        errors["total"] = _("The total marks must be at least 1.")
    if held_on < training_class.starts_on:
        errors["held_on"] = _("The exam is before the class starts.")
    if errors:
        raise ValidationError(errors)
    if pass_mark is None:
        pass_mark = rules.exams[scheme].pass_mark(total)
    if pass_mark < 0 or pass_mark > total:
        raise ValidationError({"pass_mark": _("The pass mark cannot exceed the total marks.")})
    exam = Exam.objects.create(training_class=training_class, title=title.strip(), held_on=held_on, scheme=scheme,
                               questions=questions, total=total, pass_mark=pass_mark)
    exam.code = f"KS{exam.pk:06d}"
    exam.save(update_fields=["code"])
    audit.record(exam, ChangeLog.Action.CREATE, user, source=source)
    return exam


def bank(exam: Exam):
    """The questions a paper of the exam is drawn from: those of its course, or of its library with no course."""
    course = exam.training_class.course
    return (Question.objects.filter(library_id=course.library_id).filter(course__isnull=True)
            | Question.objects.filter(course=course)).order_by("pk")


def next_attempt(exam: Exam, member, rules) -> int:
    """The member's next attempt; refuses a member not enrolled, one who passed, one out of retakes, one whose
    last paper is not marked yet."""
    if not exam.training_class.enrolments.filter(member=member).exists():
        raise ValidationError(_("%(name)s is not enrolled in this exam's class.") % {"name": member.name})
    papers = list(exam.papers.filter(member=member).order_by("attempt"))
    if any(p.passed for p in papers):
        raise ValidationError(_("%(name)s has passed this exam already.") % {"name": member.name})
    if papers and papers[-1].passed is None:
        raise ValidationError(_("%(name)s's last paper is not marked yet.") % {"name": member.name})
    scheme = rules.exams.get(exam.scheme)
    allowed = scheme.attempts if scheme else 1
    if len(papers) >= allowed:
        raise ValidationError(_("%(name)s has used every attempt allowed (%(n)s).") % {"name": member.name,
                                                                                       "n": allowed})
    return len(papers) + 1


@transaction.atomic
def draw_paper(exam: Exam, member, *, seed=None, rules=None, user=None, source: str = "web") -> Paper:
    """A paper for the member's next attempt: `exam.questions` questions sampled from the bank, the same ones for
    the same seed (default: exam, member and attempt)."""
    rules = _rules_or_error(exam.held_on.year, rules)
    attempt = next_attempt(exam, member, rules)
    ids = list(bank(exam).values_list("pk", flat=True))
    if len(ids) < exam.questions:
        raise ValidationError(_("The question bank has %(have)s questions; the paper needs %(need)s.")
                              % {"have": len(ids), "need": exam.questions})
    rng = random.Random(seed if seed is not None else f"{exam.pk}:{member.pk}:{attempt}")
    drawn = rng.sample(ids, exam.questions)
    marks = dict(Question.objects.filter(pk__in=drawn).values_list("pk", "marks"))
    paper = Paper.objects.create(exam=exam, member=member, attempt=attempt, drawn=drawn,
                                 total=sum(marks.values()))
    audit.record(paper, ChangeLog.Action.CREATE, user, source=source)
    return paper


@transaction.atomic
def start_paper(exam: Exam, member, *, today: dt.date | None = None, user=None, source: str = "web") -> Paper:
    """A member sitting the exam online: a paper drawn for their next attempt, from the exam's day on."""
    today = today or timezone.localdate()
    if today < exam.held_on:
        raise ValidationError(_("The exam opens on %(day)s.") % {"day": exam.held_on.isoformat()})
    return draw_paper(exam, member, user=user, source=source)


def unanswered(paper: Paper, answers: dict) -> list[int]:
    """The numbers (1, 2, …) of the paper's questions with no choice given."""
    return [n for n, qid in enumerate(paper.drawn, start=1) if not answers.get(str(qid))]


@transaction.atomic
def submit_paper(paper: Paper, answers: dict, *, today: dt.date | None = None, user=None,
                 source: str = "web") -> Paper:
    """A member hands in the paper they sat online: every question answered, then marked automatically."""
    missing = unanswered(paper, answers)
    if missing:
        raise ValidationError(_("Answer every question; not answered: %(numbers)s.")
                              % {"numbers": "、".join(str(n) for n in missing)})
    return mark_paper(paper, answers, sat_on=today or timezone.localdate(), user=user, source=source)


def score_of(paper: Paper, answers: dict) -> int:
    """The sum of the marks of the questions answered exactly right (every right choice and no other)."""
    questions = Question.objects.in_bulk(paper.drawn)
    score = 0
    for qid in paper.drawn:
        question = questions.get(qid)
        given = answers.get(str(qid), answers.get(qid))
        if question is None or given is None:
            continue
        given = given if isinstance(given, list | tuple) else [given]
        try:
            chosen = {int(i) for i in given}
        except (TypeError, ValueError):
            continue
        if chosen == set(question.answer):
            score += question.marks
    return score


@transaction.atomic
def mark_paper(paper: Paper, answers: dict, *, sat_on: dt.date, user=None, source: str = "web") -> Paper:
    """Marks a drawn paper automatically: score = sum of marks of the questions answered exactly right; passed =
    score >= the exam's pass mark."""
    if paper.passed is not None:
        raise ValidationError(_("This paper is marked already."))
    if sat_on < paper.exam.held_on:
        raise ValidationError({"sat_on": _("The paper is dated before the exam.")})
    before = audit.snapshot(paper)
    paper.answers = {str(k): v for k, v in answers.items()}
    paper.score = score_of(paper, paper.answers)
    paper.passed = paper.score >= paper.exam.pass_mark
    paper.sat_on = sat_on
    paper.save(update_fields=["answers", "score", "passed", "sat_on"])
    audit.record(paper, ChangeLog.Action.UPDATE, user, before=before, source=source)
    return paper


def score_errors(exam: Exam, member, score, sat_on: dt.date | None) -> dict:
    """{field: message} of one score typed or imported (a score above the total, before the exam…)."""
    errors = {}
    if score is None:
        errors["score"] = _("This field is required.")
    elif score < 0:
        errors["score"] = _("A score cannot be negative.")
    elif score > exam.total:
        errors["score"] = _("The score %(score)s is above the paper's total of %(total)s.") % {
            "score": score, "total": exam.total}
    if sat_on is not None and sat_on < exam.held_on:
        errors["sat_on"] = _("The paper is dated before the exam.")
    return errors


@transaction.atomic
def record_scores(exam: Exam, scores, *, rules=None, user=None, source: str = "web") -> list[Paper]:
    """Scores of papers marked by hand: `scores` are (member, score, sat_on or None for the exam's day). Each is the
    member's next attempt (retakes as the scheme allows); passed = score >= pass mark. All or nothing."""
    rules = _rules_or_error(exam.held_on.year, rules)
    scores = list(scores)
    problems, papers = [], []
    if len({m.pk for m, _s, _d in scores}) != len(scores):
        problems.append(_("A member is listed twice."))
    for member, score, sat_on in scores:
        errors = score_errors(exam, member, score, sat_on)
        try:
            attempt = next_attempt(exam, member, rules)
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        if errors:
            problems.extend(f"{member.name}: {m}" for m in errors.values())
            continue
        papers.append(Paper(exam=exam, member=member, attempt=attempt, score=score, total=exam.total,
                            passed=score >= exam.pass_mark, sat_on=sat_on or exam.held_on))
    if problems:
        raise ValidationError(problems)
    Paper.objects.bulk_create(papers, batch_size=1000)
    saved = list(Paper.objects.filter(exam=exam, member__in=[p.member for p in papers])
                 .select_related("member", "member__organisation__region"))
    wanted = {(p.member_id, p.attempt) for p in papers}
    logs = [audit.entry(p, ChangeLog.Action.CREATE, user, after=audit.snapshot(p), source=source)
            for p in saved if (p.member_id, p.attempt) in wanted]
    ChangeLog.objects.bulk_create(logs, batch_size=1000)
    return [p for p in saved if (p.member_id, p.attempt) in wanted]
