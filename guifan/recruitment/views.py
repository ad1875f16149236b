"""The recruitment pages (发展党员, ACT-G-03): the applicants of the user's branches with their stage and the
reminders, an applicant's file with its steps and the next step's form (375 px: a secretary records a step on a
phone), the political review's conclusion revealed once with a reason (audited), the Word files made from the dates,
a region's pipeline. Views call actions; every page checks the user's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guifan.core import audit
from guifan.members.models import Member
from guifan.regions.models import Region

from . import actions, documents, selectors
from .checks import Proposed
from .forms import ApplicantForm, StepForm
from .models import Applicant, StepRecord

PAGE_SIZE = 50
MASK = "****"


def _language():
    return get_language() or "zh-hans"


def _rules_or_404():
    rules = selectors.rules()
    if rules is None:
        raise Http404
    return rules


def _not_a_member(request):
    if request.scope.member is not None:
        raise Http404


def _within(request) -> int:
    raw = request.GET.get("within", "")
    return int(raw) if raw.isdigit() and int(raw) <= 365 else selectors.REMINDER_DAYS


def _rows(applicants, rules, language):
    return [{"applicant": a, "stage": selectors.stage_label(rules, a.last_step, language),
             "step": selectors.step_label(rules, a.last_step, language)} for a in applicants]


@login_required
def index(request):
    """The applicants in the user's scope (a branch's when the user's scope is one organisation) and the
    reminders; the region's pipeline is linked for region users."""
    _not_a_member(request)
    rules = _rules_or_404()
    language, today = _language(), timezone.localdate()
    qs = selectors.applicants(request.scope).order_by("organisation__name", "name", "pk")
    stage = request.GET.get("stage", "")
    if stage in {s.code for s in rules.stages}:
        qs = qs.filter(last_step__in=next(s for s in rules.stages if s.code == stage).steps)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    reminders = selectors.reminders(selectors.applicants(request.scope), rules, today, _within(request))[:50]
    for r in reminders:
        r["label"] = selectors.step_label(rules, r["step"].code, language)
    return render(request, "recruitment/index.html", {
        "section": "recruitment", "page_obj": page, "rows": _rows(page.object_list, rules, language),
        "reminders": reminders, "stages": [(s.code, selectors.label(s.label, language)) for s in rules.stages],
        "stage": stage, "form": ApplicantForm(),
        "organisations": request.scope.organisations().exclude(kind="group").order_by("path")[:200]})


@login_required
@require_POST
def register(request):
    _not_a_member(request)
    if not request.scope.can_edit:
        raise PermissionDenied
    rules = _rules_or_404()
    organisation = request.scope.organisations().filter(pk=request.POST.get("organisation") or 0).first()
    form = ApplicantForm(request.POST)
    if organisation is None:
        messages.error(request, _("Choose one of your organisations."))
    elif form.is_valid():
        try:
            applicant = actions.register_applicant({**form.cleaned_data, "organisation": organisation},
                                                   form.cleaned_data["applied_on"], rules, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The application is recorded."))
            return redirect("recruitment:applicant", applicant.pk)
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("recruitment:index")


def _applicant_or_404(request, pk) -> Applicant:
    _not_a_member(request)
    applicant = (selectors.applicants(request.scope).select_related("organisation", "member")
                 .filter(pk=pk).first())
    if applicant is None:
        raise Http404
    return applicant


def _members_for(applicant):
    return Member.objects.filter(organisation=applicant.organisation).order_by("name", "pk")


@login_required
def applicant(request, pk):
    """The file: every step of the pack with its records; the next step's form (phone-friendly)."""
    applicant = _applicant_or_404(request, pk)
    rules = _rules_or_404()
    language = _language()
    step = actions.expected_step(rules, applicant)
    form = StepForm(request.POST or None, step=step, members=_members_for(applicant)) if step else None
    if request.method == "POST":
        if not request.scope.can_edit or step is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            proposed = Proposed(date=data["date"], people=list(data.get("people") or ()),
                                notes=data.get("notes") or "", conclusion=data.get("conclusion") or "",
                                eligible_voters=data.get("eligible_voters"),
                                present_voters=data.get("present_voters"), in_favour=data.get("in_favour"),
                                training_days=data.get("training_days"), training_hours=data.get("training_hours"),
                                notice_from=data.get("notice_from"), notice_until=data.get("notice_until"),
                                extension_months=data.get("extension_months"))
            try:
                actions.record_step(applicant, step.code, proposed, rules, request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Recorded: %(step)s.") % {
                    "step": selectors.step_label(rules, step.code, language)})
                return redirect("recruitment:applicant", applicant.pk)
    return render(request, "recruitment/applicant.html", {
        "section": "recruitment", "applicant": applicant, "file": selectors.file_of(applicant, rules, language),
        "documents": documents.available(applicant),
        "step": step, "step_label": selectors.step_label(rules, step.code, language) if step else "",
        "stage_label": selectors.stage_label(rules, applicant.last_step, language), "form": form, "mask": MASK,
        "checks": [{"article": c.article, "quote": c.quote} for c in (step.checks if step else ())]})


@never_cache
@login_required
@require_POST
def reveal(request, pk, record_pk):
    """The political review's conclusion, shown once after recording who saw it and why (the applicant's own
    organisation and the levels above only: the scope)."""
    applicant = _applicant_or_404(request, pk)
    record = StepRecord.objects.filter(pk=record_pk, applicant=applicant).exclude(conclusion_encrypted="").first()
    reason = request.POST.get("reason", "").strip()
    if record is None or not reason:
        messages.error(request, _("Say why you need to see the conclusion."))
        return redirect("recruitment:applicant", applicant.pk)
    audit.record_sensitive_view(request.user, applicant, "political_review", reason=reason, request=request)
    return render(request, "recruitment/conclusion.html", {"section": "recruitment", "applicant": applicant,
                                                           "record": record,
                                                           "conclusion": record.reveal_conclusion()})


@login_required
def document(request, pk, kind):
    applicant = _applicant_or_404(request, pk)
    if kind not in documents.KINDS:
        raise Http404
    content = documents.render(applicant, kind)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument."
                                                  "wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{applicant.pk}.docx"'
    return response


@login_required
def pipeline(request):
    """A region's applicants per stage and per child region, the overdue steps, the quiet villages (TEAM-R-04)."""
    _not_a_member(request)
    rules = _rules_or_404()
    scope, code = request.scope, request.GET.get("region")
    region = scope.regions().filter(code=code).first() if code else scope.root_region
    if region is None:
        raise Http404
    language, today = _language(), timezone.localdate()
    data = selectors.pipeline(scope, region, rules, today)
    regions = {r.pk: r for r in Region.objects.filter(pk__in=list(data["children"]))}
    stages = [(s.code, selectors.label(s.label, language)) for s in rules.stages]
    rows = sorted(({"region": regions[k], "counts": [v[c] for c, _l in stages], "overdue": v["overdue"]}
                   for k, v in data["children"].items() if k in regions), key=lambda r: r["region"].code)
    quiet = Paginator(data["quiet_villages"], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "recruitment/pipeline.html", {
        "section": "recruitment", "region": region, "stages": stages,
        "totals": [(c, lab, data["totals"][c]) for c, lab in stages], "overdue": data["overdue"], "rows": rows,
        "quiet": quiet})
