"""Pages of official documents (issue 14.3): the list with the overdue reminders and the issue form, a document's
page (its files, its recipients, their responses), the issuer's template (download, replace, restore).

Every row comes through request.scope (guifan.documents.selectors): a document or recipient outside it is a 404.
Writes go through guifan.documents.actions; their refusals are shown as messages and nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guifan.core.requests import organisation_by_code
from guifan.standards.selectors import reporting_year

from . import actions, jobs, selectors
from . import render as rendering
from .forms import IssueForm, ResponseForm, TemplateForm
from .models import Document, IssuerTemplate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 30


def _not_a_member(request):
    if request.scope.member is not None and not request.scope.is_all:
        raise Http404


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def index(request):
    _not_a_member(request)
    scope = request.scope
    page = Paginator(selectors.documents(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    issuer = actions.issuer_of(scope)
    may_issue = issuer is not None and actions.may_issue(scope, issuer)
    form = IssueForm(initial={"year": reporting_year(), "pdf": True}) if may_issue else None
    return render(request, "documents/index.html", {
        "section": "documents", "page": page, "overdue": list(selectors.overdue(scope)[:50]),
        "issuer": issuer, "form": form, "may_issue": may_issue})


@login_required
@require_POST
def issue(request):
    _not_a_member(request)
    scope = request.scope
    issuer = actions.issuer_of(scope)
    if issuer is None or not actions.may_issue(scope, issuer):
        raise PermissionDenied
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s")
                       % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)})
        return redirect("documents:index")
    data = form.cleaned_data
    organisation = None
    if data["kind"] == Document.Kind.CHECKUP and data["organisation"].strip():
        organisation = organisation_by_code(request, data["organisation"])
        if organisation is None:
            return redirect("documents:index")
    try:  # refused here, at once and with its reason, rather than by a failed job
        actions.check_issue(scope, issuer, kind=data["kind"], year=data["year"], deadline=data["deadline"],
                            organisation=organisation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("documents:index")
    job = jobs.start(request.user, kind=data["kind"], year=data["year"], deadline=data["deadline"],
                     organisation=organisation, pdf=data["pdf"])
    return redirect("jobs:detail", job.pk)


def _document_or_404(request, pk) -> Document:
    _not_a_member(request)
    document = selectors.document(request.scope, pk)
    if document is None:
        raise Http404
    return document


@login_required
def detail(request, pk):
    document = _document_or_404(request, pk)
    today = timezone.localdate()
    recipients = selectors.recipients(request.scope, document)
    page = Paginator(recipients, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"recipient": r, "state": r.state(today), "label": r.State(r.state(today)).label} for r in page]
    return render(request, "documents/detail.html", {
        "section": "documents", "document": document, "rows": rows, "page_obj": page, "form": ResponseForm(),
        "states": selectors.recipient_states(recipients, today),
        "has_pdf": Document.objects.filter(pk=document.pk, pdf__isnull=False).exists(),
        "can_edit": request.scope.can_edit})


@login_required
def download(request, pk, fmt):
    document = _document_or_404(request, pk)
    if fmt == "docx":
        data = Document.objects.filter(pk=document.pk).values_list("docx", flat=True).first()
        return _attachment(data, DOCX, f"{document.number}{document.title}.docx")
    if fmt == "pdf":
        data = Document.objects.filter(pk=document.pk).values_list("pdf", flat=True).first()
        if data is None:
            raise Http404
        return _attachment(data, "application/pdf", f"{document.number}{document.title}.pdf")
    raise Http404


@login_required
@require_POST
def respond(request, pk):
    _not_a_member(request)
    recipient = selectors.recipient(request.scope, pk)
    if recipient is None:
        raise Http404
    if not request.scope.can_edit:
        raise PermissionDenied
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.record_response(recipient, text=form.cleaned_data["text"], upload=form.cleaned_data["file"],
                                    user=request.user)
            messages.success(request, _("The rectification report is recorded as received."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Write the rectification report or attach its file."))
    return redirect("documents:detail", recipient.document_id)


@login_required
def response_file(request, pk):
    _not_a_member(request)
    recipient = selectors.recipient(request.scope, pk)
    if recipient is None or recipient.response_file is None:
        raise Http404
    return _attachment(recipient.response_file, "application/octet-stream",
                       recipient.response_file_name or "response")


def _issuer_or_404(request):
    _not_a_member(request)
    issuer = actions.issuer_of(request.scope)
    if issuer is None:
        raise Http404
    return issuer


@login_required
def template(request):
    issuer = _issuer_or_404(request)
    may = actions.may_issue(request.scope, issuer)
    form = TemplateForm()
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        try:
            if request.POST.get("restore"):
                actions.restore_template(issuer, user=request.user, scope=request.scope)
                messages.success(request, _("The shipped GB/T 9704 template is used again."))
                return redirect("documents:template")
            form = TemplateForm(request.POST, request.FILES)
            if form.is_valid():
                actions.replace_template(issuer, form.cleaned_data["file"], user=request.user, scope=request.scope)
                messages.success(request, _("Your template is used for the documents you issue from now on."))
                return redirect("documents:template")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    own = IssuerTemplate.objects.filter(issuer=issuer).defer("docx").first()
    return render(request, "documents/template.html", {
        "section": "documents", "issuer": issuer, "own": own, "form": form, "may": may,
        "fields": [(f, rendering.FIELD_LABELS[f]) for f in rendering.REQUIRED]})


@login_required
def template_download(request):
    issuer = _issuer_or_404(request)
    return _attachment(rendering.template_bytes(issuer), DOCX, f"{issuer.name}公文模板.docx")
