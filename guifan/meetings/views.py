"""Pages of organisational life: an organisation's meetings by month, recording one on a phone, a meeting's page
with its attendance and evidence, the members of a region who missed meetings, and a member's own meetings.

Every row comes through request.scope: an organisation or meeting outside it is a 404. Writes go through
meetings.actions (scope.can_edit)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core import evidence
from guifan.core.forms import add_action_errors
from guifan.core.requests import require_edit
from guifan.members.models import Member
from guifan.orgs.models import Organisation
from guifan.orgs.selectors import organisation_crumbs
from guifan.regions.models import Region
from guifan.standards.selectors import pack_in_effect, reporting_year

from . import actions
from .forms import EvidenceForm, MeetingForm, kind_label
from .models import AbsenceCount, Attendance, Meeting, MeetingFile

PAGE_SIZE = 50
ATTENDANCE_KEYS = ("attendance", "grades")


def member_only(scope) -> bool:
    """A member's own account: it sees its own meetings, not its organisation's pages."""
    return scope.member is not None and not scope.is_all and scope.region is None and scope.organisation is None


def _in_scope(request, queryset, pk):
    """The row `pk` of `queryset` (already narrowed to the user's scope), 404 for a member's own account or a row
    the scope does not hold."""
    if member_only(request.scope):
        raise Http404
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _organisation(request, pk) -> Organisation:
    return _in_scope(request, request.scope.organisations().select_related("region"), pk)


def _meeting(request, pk) -> Meeting:
    return _in_scope(request, Meeting.objects.filter(organisation__in=request.scope.organisations())
                     .select_related("organisation"), pk)


def _pack(year: int):
    """The pack in effect in `year`, or None."""
    version = pack_in_effect(year)
    return version.pack() if version is not None else None


def _kinds(org: Organisation, year: int) -> list:
    pack = _pack(year)
    return pack.meetings.for_organisation(org.kind, org.domain) if pack is not None else []


def default_day(today: dt.date) -> dt.date:
    """The date a new meeting starts with: today, or, when no standard is in effect this year (the demo's living
    reporting year lies in the past), the same day of the reporting year."""
    year = reporting_year(today)
    if year >= today.year:
        return today
    return dt.date(year, today.month, min(today.day, 28))


def _recording_kinds(org: Organisation, today: dt.date) -> list:
    """The kinds offered on the record page: this year's pack's, else the current reporting year's (the action
    checks the kind against the pack of the meeting's own year)."""
    return _kinds(org, today.year) or _kinds(org, reporting_year(today))


def _kind_of(meeting: Meeting):
    pack = _pack(meeting.held_on.year)
    return pack.meetings.kinds.get(meeting.kind) if pack is not None else None


def _kind_names(year: int) -> dict:
    pack = _pack(year)
    return {k.code: kind_label(k) for k in pack.meetings} if pack is not None else {}


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 1900 < year < 3000 else default


def _members(org: Organisation):
    return list(actions.attendees(org).only("pk", "name", "category").order_by("name", "pk"))


def _crumbs(request, org, *labels):
    crumbs = organisation_crumbs(request.scope, org)
    crumbs.append({"label": _("Organisational life"), "url": reverse("meetings:list", args=[org.pk])})
    return [*crumbs, *({"label": label, "url": ""} for label in labels)]


def _put_errors(form: MeetingForm, exc: ValidationError) -> None:
    """The action's messages next to their fields; attendance and grades beside the members' list."""
    if hasattr(exc, "error_dict"):
        for key in ATTENDANCE_KEYS:
            form.attendance_errors += exc.message_dict.get(key, [])
        rest = {k: v for k, v in exc.error_dict.items() if k not in ATTENDANCE_KEYS}
        if rest:
            add_action_errors(form, ValidationError(rest))
    else:
        add_action_errors(form, exc)


def _form_context(request, org, form, meeting=None):
    title = _("Correct the meeting record") if meeting else _("Record a meeting")
    return {"org": org, "form": form, "meeting": meeting, "title": title, "section": "tree",
            "breadcrumbs": _crumbs(request, org, title)}


@login_required
def meeting_list(request, pk):
    """An organisation's meetings of a year, month by month, with the kinds it holds."""
    org = _organisation(request, pk)
    today = timezone.localdate()
    year = _year(request, reporting_year(today))
    meetings = list(org.meetings.filter(held_on__gte=dt.date(year, 1, 1), held_on__lt=dt.date(year + 1, 1, 1))
                    .annotate(file_count=Count("files")).order_by("held_on", "pk"))
    names = _kind_names(year)
    months = []
    for month in range(12, 0, -1):
        held = [m for m in meetings if m.held_on.month == month]
        if year == today.year and month > today.month:
            continue
        for m in held:
            m.kind_name = names.get(m.kind, "")
        months.append({"month": month, "label": _("%(month)s/%(year)s") % {"month": month, "year": year},
                       "meetings": held})
    counts = {}
    for m in meetings:
        counts[m.kind] = counts.get(m.kind, 0) + 1
    kinds = [{"label": kind_label(k), "count": counts.get(k.code, 0)} for k in _kinds(org, year)]
    context = {"org": org, "year": year, "months": months, "kinds": kinds, "total": len(meetings),
               "can_record": request.scope.can_edit and bool(_recording_kinds(org, today)),
               "years": [year - 1, year + 1] if year < today.year else [year - 1],
               "breadcrumbs": [*organisation_crumbs(request.scope, org), {"label": _("Organisational life"),
                                                                          "url": ""}],
               "section": "tree"}
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_record(request, pk):
    """The phone page: a meeting with its attendance, everyone present until tapped otherwise."""
    org = _organisation(request, pk)
    require_edit(request)
    today = timezone.localdate()
    kinds = _recording_kinds(org, today)
    if not kinds:
        messages.error(request, _("This organisation records no meetings."))
        return redirect("meetings:list", pk=org.pk)
    members = _members(org)
    if request.method == "POST":
        form = MeetingForm(request.POST, kinds=kinds, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = actions.record_meeting(org, kind=data["kind"], held_on=data["held_on"],
                                                 attendance=form.attendance, grades=form.grades or None,
                                                 user=request.user, source="web", **form.action_fields())
            except ValidationError as exc:
                _put_errors(form, exc)
            else:
                messages.success(request, _("The meeting has been recorded."))
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(kinds=kinds, members=members, initial={"held_on": default_day(today)})
    return render(request, "meetings/meeting_form.html", _form_context(request, org, form))


def _attendance_of(meeting: Meeting):
    return list(meeting.attendance.select_related("member")
                .only("status", "reason", "has_vote", "meeting_id", "member__name", "member__id")
                .order_by("member__name", "member__pk"))


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    org = meeting.organisation
    rows = _attendance_of(meeting)
    grades = {a.member_id: a for a in meeting.appraisals.all()}
    for row in rows:
        row.appraisal = grades.get(row.member_id)
    kind = _kind_of(meeting)
    context = {
        "meeting": meeting, "org": org, "kind_name": kind_label(kind) if kind else "",
        "kind_is_quorate": kind.quorate(meeting.voting_members, meeting.voting_present) if kind else None,
        "has_quorum": kind is not None and kind.quorum is not None,
        "absent": [r for r in rows if r.status == Attendance.Status.ABSENT],
        "on_leave": [r for r in rows if r.status == Attendance.Status.LEAVE],
        "present": [r for r in rows if r.status == Attendance.Status.PRESENT],
        "graded": bool(grades), "files": list(meeting.files.all()), "evidence_form": EvidenceForm(),
        "breadcrumbs": _crumbs(request, org, str(meeting.held_on.isoformat())),
        "section": "tree",
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    require_edit(request)
    org = meeting.organisation
    kind = _kind_of(meeting)
    if kind is None:
        messages.error(request, _("No standard pack is in effect in the meeting's year: it cannot be corrected."))
        return redirect("meetings:detail", pk=meeting.pk)
    members = _members(org)
    if request.method == "POST":
        form = MeetingForm(request.POST, kinds=[kind], members=members, fixed_kind=kind,
                           initial={"kind": kind.code})
        if form.is_valid():
            try:
                actions.update_meeting(meeting, held_on=form.cleaned_data["held_on"], attendance=form.attendance,
                                       grades=form.grades or None, user=request.user, source="web",
                                       **form.action_fields())
            except ValidationError as exc:
                _put_errors(form, exc)
            else:
                messages.success(request, _("The meeting record has been saved."))
                return redirect("meetings:detail", pk=meeting.pk)
    else:
        initial = {name: getattr(meeting, name) for name in MeetingForm.FIELDS}
        initial |= {"kind": kind.code, "held_on": meeting.held_on,
                    "attendance": {a.member_id: (a.status, a.reason) for a in meeting.attendance.all()},
                    "grades": {a.member_id: a.grade for a in meeting.appraisals.all()}}
        form = MeetingForm(kinds=[kind], members=members, fixed_kind=kind, initial=initial)
    return render(request, "meetings/meeting_form.html", _form_context(request, org, form, meeting))


@login_required
def meeting_delete(request, pk):
    meeting = _meeting(request, pk)
    require_edit(request)
    org = meeting.organisation
    if request.method == "POST":
        actions.delete_meeting(meeting, user=request.user, source="web")
        messages.success(request, _("The meeting record has been deleted."))
        return redirect("meetings:list", pk=org.pk)
    context = {"meeting": meeting, "org": org, "section": "tree",
               "breadcrumbs": _crumbs(request, org, _("Delete"))}
    return render(request, "meetings/meeting_delete.html", context)


# --- evidence ---------------------------------------------------------------------------------------------------

@login_required
@require_POST
def file_upload(request, pk):
    meeting = _meeting(request, pk)
    require_edit(request)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_meeting_file(meeting, form.cleaned_data["file"], user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file has been kept as evidence."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("meetings:detail", pk=meeting.pk)


def _file(request, pk) -> MeetingFile:
    return _in_scope(request, MeetingFile.objects.filter(meeting__organisation__in=request.scope.organisations())
                     .select_related("meeting"), pk)


@login_required
def file_view(request, pk):
    """An evidence file, only to users whose scope holds its meeting; never from a public media URL."""
    return evidence.file_response(_file(request, pk))


@login_required
def file_delete(request, pk):
    item = _file(request, pk)
    require_edit(request)
    meeting = item.meeting
    if request.method == "POST":
        actions.delete_meeting_file(item, user=request.user)
        messages.success(request, _("The file has been removed."))
    return redirect("meetings:detail", pk=meeting.pk)


# --- who missed meetings in a region, and a member's own meetings ---------------------------------------------------

@login_required
def absences(request):
    """The members of the user's area (or a region in it) who missed meetings in a year: their stored counts
    (AbsenceCount), paginated, then the page's members and organisations in one query."""
    scope = request.scope
    if member_only(scope) or not (scope.is_all or scope.region or scope.organisation):
        raise Http404
    today = timezone.localdate()
    year = _year(request, reporting_year(today))
    region = None
    code = request.GET.get("region", "").strip()
    if code:
        region = scope.regions().filter(code=code).first()
        if region is None:
            raise Http404
    counts = AbsenceCount.objects.filter(year=year, member__in=scope.members())
    if region is not None:
        counts = counts.filter(member__organisation__region__path__startswith=region.path)
    grouped = counts.order_by("-absent", "-leave", "member_id").values("member_id", "absent", "leave", "last")
    page = Paginator(grouped, PAGE_SIZE).get_page(request.GET.get("page"))
    people = {m.pk: m for m in Member.objects.filter(pk__in=[r["member_id"] for r in page.object_list])
              .select_related("organisation").only("pk", "name", "organisation__name", "organisation__id")}
    rows = [{**r, "member": people.get(r["member_id"])} for r in page.object_list]
    regions = scope.regions().current().filter(level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]) \
        .order_by("path").only("code", "name", "level") if (scope.is_all or scope.region) else []
    context = {"page_obj": page, "rows": rows, "year": year, "region": region, "regions": regions,
               "section": "tree", "title": _("Members who missed meetings")}
    return render(request, "meetings/absences.html", context)


@login_required
def my_meetings(request):
    """A member's own account: the meetings it was listed in, with its attendance."""
    member = request.scope.member
    if member is None:
        raise Http404
    rows = (Attendance.objects.filter(member=member).select_related("meeting", "meeting__organisation")
            .order_by("-meeting__held_on", "-meeting__pk"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = {}
    for row in page.object_list:
        year = row.meeting.held_on.year
        if year not in names:
            names[year] = _kind_names(year)
        row.kind_name = names[year].get(row.meeting.kind, "")
    counts = dict(Attendance.objects.filter(member=member).values_list("status").annotate(n=Count("pk")))
    context = {"page_obj": page, "member": member, "section": "my_meetings", "title": _("My meetings"),
               "counts": {s: counts.get(s, 0) for s in Attendance.Status.values}}
    return render(request, "meetings/my_meetings.html", context)
