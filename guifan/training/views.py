"""Pages of the training records: the four libraries (四库), courses, classes with their enrolment and sign-in
sheet, exams and their results, a member's own hours and credits, and M05's committee members to replace.
Rows come through request.scope (outside it: 404); writes go through guifan.training.actions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.forms import add_action_errors
from guifan.members.models import GONE_STATUSES, Member
from guifan.regions.models import Region
from guifan.standards import selectors as pack_selectors

from . import actions, selectors
from .forms import ClassForm, CourseForm, DayForm, ExamForm, LibraryForm
from .models import CourseLibrary

PAGE_SIZE = 50
SIGN_IN_SHEET = 200  # the members of one sheet: a class of the whole city is signed in organisation by organisation

LEVELS = CourseLibrary.Level


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or pack_selectors.reporting_year())
    except ValueError:
        raise Http404 from None


def _pack_training(year: int):
    return actions.training_rules(year)


def _library(request, pk) -> CourseLibrary:
    found = selectors.visible_library(request.scope, pk)
    if found is None:
        raise Http404
    return found


def _require_manage(request, library) -> None:
    if not selectors.may_manage(request.scope, library):
        raise PermissionDenied


def _owners(scope) -> list[tuple[str, str]]:
    """Who a new library may belong to: the regions of the scope (city, county, township), or its organisation."""
    if scope.region is not None or scope.is_all:
        levels = (Region.Level.CITY, Region.Level.COUNTY, Region.Level.TOWNSHIP)
        regions = scope.regions().current().filter(level__in=levels).order_by("path")[:300]
        return [(f"r{r.pk}", r.name) for r in regions]
    if scope.organisation is not None and scope.can_edit:
        return [(f"o{scope.organisation.pk}", scope.organisation.name)]
    return []


@login_required
def library_list(request):
    scope = request.scope
    libraries = list(selectors.visible_libraries(scope).order_by("level", "name"))
    managed = set(selectors.managed_libraries(scope).values_list("pk", flat=True))
    levels = [{"level": label, "libraries": [lib for lib in libraries if lib.level == value]}
              for value, label in LEVELS.choices]
    form = LibraryForm(owners=_owners(scope)) if scope.can_edit and _owners(scope) else None
    return render(request, "training/library_list.html", {
        "levels": levels, "managed": managed, "form": form, "section": "training",
        "replacement": scope.is_all or scope.region is not None})


@login_required
@require_POST
def library_new(request):
    scope = request.scope
    owners = _owners(scope)
    form = LibraryForm(request.POST, owners=owners)
    if not scope.can_edit or not owners:
        raise PermissionDenied
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        region = organisation = None
        if owner.startswith("r"):
            region = get_object_or_404(scope.regions(), pk=owner[1:])
        else:
            organisation = get_object_or_404(scope.organisations(), pk=owner[1:])
        try:
            library = actions.create_library(form.cleaned_data["name"], region=region, organisation=organisation,
                                             user=request.user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The library has been created."))
            return redirect("training:library", pk=library.pk)
    for error in [e for errors in form.errors.values() for e in errors]:
        messages.error(request, error)
    return redirect("training:libraries")


@login_required
def library_detail(request, pk):
    library = _library(request, pk)
    may_manage = selectors.may_manage(request.scope, library)
    rules = _pack_training(_year(request))
    audiences = _audience_choices(rules)
    form = CourseForm(audiences=audiences)
    if request.method == "POST":
        _require_manage(request, library)
        form = CourseForm(request.POST, audiences=audiences)
        if form.is_valid():
            data = form.cleaned_data
            try:
                course = actions.create_course(library, title=data["title"], mode=data["mode"], hours=data["hours"],
                                               credits=data["credits"], audience=data["audience"],
                                               audiences=tuple(a for a, _label in audiences), user=request.user)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The course has been added."))
                return redirect("training:course", pk=course.pk)
    courses = library.courses.order_by("title")
    return render(request, "training/library_detail.html", {
        "library": library, "courses": courses, "form": form if may_manage else None,
        "questions": library.questions.count(), "section": "training",
        "breadcrumbs": [{"label": _("Training"), "url": reverse("training:libraries")},
                        {"label": library.name, "url": ""}]})


AUDIENCE_LABELS = {
    "secretary": _("Secretary"), "secretaries": _("Secretaries"), "deputy_secretary": _("Deputy secretary"),
    "organisation_committee": _("Organisation committee member"), "party_worker": _("Party-affairs worker"),
    "organiser": _("Party-building organiser"), "member": _("Every member"),
}


def _audience_choices(rules) -> list[tuple[str, str]]:
    audiences = rules.audiences if rules is not None else tuple(AUDIENCE_LABELS)
    return [(a, str(AUDIENCE_LABELS.get(a, a))) for a in audiences if a != "member"]


@login_required
def course_detail(request, pk):
    course = get_object_or_404(selectors.visible_courses(request.scope), pk=pk)
    may_manage = selectors.may_manage(request.scope, course.library)
    form = ClassForm()
    if request.method == "POST":
        _require_manage(request, course.library)
        form = ClassForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                klass = actions.create_class(course, title=data["title"], starts_on=data["starts_on"],
                                             ends_on=data["ends_on"], place=data["place"], user=request.user)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The class has been created."))
                return redirect("training:class", pk=klass.pk)
    return render(request, "training/course_detail.html", {
        "course": course, "classes": course.classes.order_by("-starts_on"), "form": form if may_manage else None,
        "audience": AUDIENCE_LABELS.get(course.audience, ""), "section": "training",
        "breadcrumbs": [{"label": _("Training"), "url": reverse("training:libraries")},
                        {"label": course.library.name, "url": reverse("training:library", args=[course.library_id])},
                        {"label": course.title, "url": ""}]})


def _class(request, pk):
    return get_object_or_404(selectors.visible_classes(request.scope), pk=pk)


def _class_crumbs(klass, *extra):
    return [{"label": _("Training"), "url": reverse("training:libraries")},
            {"label": klass.course.title, "url": reverse("training:course", args=[klass.course_id])},
            {"label": klass.title, "url": reverse("training:class", args=[klass.pk]) if extra else ""}, *extra]


@login_required
def class_detail(request, pk):
    klass = _class(request, pk)
    enrolments = selectors.class_enrolments(request.scope, klass)
    counts = enrolments.aggregate(n=Count("pk"), done=Count("completed_on"))
    return render(request, "training/class_detail.html", {
        "klass": klass, "page_obj": Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page")),
        "enrolled": counts["n"], "done": counts["done"], "exams": klass.exams.order_by("held_on"),
        "may_manage": selectors.may_manage(request.scope, klass.course.library),
        "section": "training", "breadcrumbs": _class_crumbs(klass)})


def _picked(request, queryset) -> list[Member]:
    ids = {int(v) for v in request.POST.getlist("member") if v.isdigit()}
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404  # a member outside the scope is as unknown as one that does not exist
    return found


@login_required
def class_enrol(request, pk):
    """Enrol members of the scope: the members of one organisation (chosen) to tick."""
    klass = _class(request, pk)
    _require_manage(request, klass.course.library)
    scope = request.scope
    with_members = Exists(Member.objects.filter(organisation=OuterRef("pk")))
    organisations = scope.organisations().active().filter(with_members).order_by("path")[:500]
    org = None
    if request.GET.get("organisation", "").isdigit():
        org = get_object_or_404(scope.organisations(), pk=request.GET["organisation"])
    enrolled = set(klass.enrolments.values_list("member_id", flat=True))
    members = []
    if org is not None:
        members = [m for m in scope.members().filter(organisation=org).exclude(status__in=GONE_STATUSES)
                   .order_by("name") if m.pk not in enrolled]
    if request.method == "POST":
        picked = _picked(request, scope.members())
        try:
            actions.enrol(klass, picked, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s members enrolled.") % {"n": len(picked)})
            return redirect("training:class", pk=klass.pk)
    return render(request, "training/class_enrol.html", {
        "klass": klass, "organisations": organisations, "organisation": org, "members": members,
        "section": "training", "breadcrumbs": _class_crumbs(klass, {"label": _("Enrol"), "url": ""})})


@login_required
def class_sign_in(request, pk):
    """The sign-in sheet: the members enrolled and not yet signed off, to tick; one save records them all."""
    klass = _class(request, pk)
    _require_manage(request, klass.course.library)
    scope = request.scope
    pending = selectors.class_enrolments(scope, klass).filter(completed_on__isnull=True)
    sheets = selectors.pending_by_organisation(pending)
    org = None
    if request.GET.get("organisation", "").isdigit():
        org = get_object_or_404(scope.organisations(), pk=request.GET["organisation"])
        pending = pending.filter(member__organisation=org)
    waiting = pending.count()
    pending = list(pending[:SIGN_IN_SHEET])
    today = timezone.localdate()
    form = DayForm(initial={"day": min(klass.ends_on, today)})
    problems = []
    if request.method == "POST":
        form = DayForm(request.POST)
        picked = _picked(request, scope.members())
        if form.is_valid():
            try:
                n = actions.record_completions(klass, picked, completed_on=form.cleaned_data["day"],
                                               user=request.user, source="sign-in")
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("Completion recorded for %(n)s members.") % {"n": n})
                return redirect("training:class", pk=klass.pk)
    return render(request, "training/class_sign_in.html", {
        "klass": klass, "pending": pending, "waiting": waiting, "sheets": sheets, "organisation": org,
        "form": form, "problems": problems,
        "ticked": {int(v) for v in request.POST.getlist("member") if v.isdigit()},
        "section": "training", "breadcrumbs": _class_crumbs(klass, {"label": _("Sign-in sheet"), "url": ""})})


@login_required
def exam_new(request, pk):
    klass = _class(request, pk)
    _require_manage(request, klass.course.library)
    rules = _pack_training(klass.starts_on.year)
    schemes = [(code, s.label.get("zh") if request.LANGUAGE_CODE.startswith("zh") else s.label.get("en"))
               for code, s in (rules.exams.items() if rules else ())]
    form = ExamForm(request.POST or None, schemes=schemes, initial={"held_on": klass.ends_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exam = actions.create_exam(klass, title=data["title"], held_on=data["held_on"], scheme=data["scheme"],
                                       questions=data["questions"], total=data["total"],
                                       pass_mark=data["pass_mark"], user=request.user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The exam has been created."))
            return redirect("training:exam", pk=exam.pk)
    return render(request, "training/exam_form.html", {
        "klass": klass, "form": form, "no_schemes": not schemes, "section": "training",
        "breadcrumbs": _class_crumbs(klass, {"label": _("New exam"), "url": ""})})


@login_required
def exam_detail(request, pk):
    """The exam's results; a manager types the scores of papers marked by hand (each the member's next attempt)."""
    exam = get_object_or_404(selectors.visible_exams(request.scope), pk=pk)
    scope = request.scope
    may_manage = selectors.may_manage(scope, exam.training_class.course.library)
    papers = list(selectors.exam_papers(scope, exam))
    problems = []
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        rows, bad = [], []
        enrolled = {e.member_id: e.member for e in selectors.class_enrolments(scope, exam.training_class)}
        for key, value in request.POST.items():
            if not key.startswith("score-") or not value.strip():
                continue
            member_id = key[6:]
            if not member_id.isdigit() or int(member_id) not in enrolled:
                raise Http404
            member = enrolled[int(member_id)]
            try:
                rows.append((member, int(value), None))
            except ValueError:
                bad.append(_("%(name)s: a score is a whole number.") % {"name": member.name})
        problems = bad
        if not bad and not rows:
            problems = [_("Enter at least one score.")]
        if not problems:
            try:
                actions.record_scores(exam, rows, user=request.user)
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("%(n)s scores recorded.") % {"n": len(rows)})
                return redirect("training:exam", pk=exam.pk)
    sitting = []
    if may_manage:
        best = {}
        for p in papers:
            best[p.member_id] = best.get(p.member_id, False) or bool(p.passed)
        sitting = [e.member for e in selectors.class_enrolments(scope, exam.training_class)
                   if not best.get(e.member_id)]
    return render(request, "training/exam_detail.html", {
        "exam": exam, "papers": papers, "sitting": sitting, "may_manage": may_manage, "problems": problems,
        "passed": sum(1 for p in papers if p.passed), "section": "training",
        "breadcrumbs": _class_crumbs(exam.training_class, {"label": exam.title, "url": ""})})


@login_required
def my_training(request):
    """A member's own account: their courses, hours and credits per year."""
    if request.scope.member is None:
        raise Http404
    return _member_training(request, request.scope.member)


@login_required
def exam_sit(request, pk):
    """A member sits an exam of their class online: start a paper (the next attempt the scheme allows), answer the
    questions drawn, hand it in; it is marked at once."""
    member = request.scope.member
    exam = selectors.member_exam(member, pk) if member is not None else None
    if exam is None:
        raise Http404
    paper = exam.papers.filter(member=member, passed__isnull=True).order_by("-attempt").first()
    problems, given = [], {}
    if request.method == "POST":
        try:
            if paper is None:
                actions.start_paper(exam, member, user=request.user)
            else:
                given = {str(qid): request.POST.getlist(f"q-{qid}") for qid in paper.drawn}
                marked = actions.submit_paper(paper, given, user=request.user)
                messages.success(request, (_("Passed with %(score)s of %(total)s.") if marked.passed else
                                           _("Not passed: %(score)s of %(total)s.")) % {"score": marked.score,
                                                                                       "total": marked.total})
            return redirect("training:sit", pk=exam.pk)
        except ValidationError as exc:
            problems = exc.messages
    papers = list(exam.papers.filter(member=member).order_by("attempt"))
    questions = selectors.paper_questions(paper) if paper is not None else []
    for q in questions:
        q["given"] = {int(i) for i in given.get(str(q["id"]), []) if str(i).isdigit()}
    return render(request, "training/exam_sit.html", {
        "exam": exam, "paper": paper, "questions": questions, "papers": papers, "problems": problems,
        "passed": any(p.passed for p in papers), "section": "training"})


@login_required
def member_training(request, pk):
    member = get_object_or_404(request.scope.members(), pk=pk)
    return _member_training(request, member)


def _member_training(request, member):
    years = selectors.member_years(member)
    return render(request, "training/member_training.html", {
        "member": member, "years": years, "enrolments": selectors.member_enrolments(member),
        "papers": selectors.member_papers(member), "section": "training",
        "to_sit": selectors.exams_to_sit(member) if request.scope.member == member else [],
        "own": request.scope.member is not None and request.scope.member.pk == member.pk})


@login_required
def replacement(request):
    """M05: organisation committee members who failed the rotating exam after every retake (county, township)."""
    scope = request.scope
    if not (scope.is_all or scope.region is not None):
        raise Http404
    year = _year(request)
    version = pack_selectors.pack_in_effect(year)
    rows = selectors.replacement_due(scope, version.pack(), year) if version else []
    return render(request, "training/replacement.html", {
        "rows": rows, "year": year, "no_pack": version is None, "section": "training",
        "years": list(range(dt.date.today().year, 2017, -1))})
