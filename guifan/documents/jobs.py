"""Issuing a document as a background job (kind `document_issue`, issue 14.3): the content read from the stored
results, the Word file rendered from the issuer's template and turned into a PDF by LibreOffice in the worker, then
the document stored with its number in one transaction (a failed or cancelled job stores nothing)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from . import actions, content
from .models import Document

KIND = "document_issue"


def run(context) -> int:
    params = context.job.params
    scope = context.scope
    issuer = actions.issuer_of(scope)
    if issuer is None or not actions.may_issue(scope, issuer):
        raise ValidationError(_("Only the issuing region's own users may issue its documents."))
    context.progress(0, 3, _("Reading the stored results…"), force=True)
    organisation = None
    if params.get("organisation"):
        organisation = scope.organisations().filter(pk=params["organisation"]).first()
    deadline = dt.date.fromisoformat(params["deadline"]) if params.get("deadline") else None
    body = content.build(params["kind"], int(params["year"]), issuer, deadline=deadline, organisation=organisation)
    context.progress(1, 3, _("Making the Word file and the PDF…"), force=True)
    document = actions.issue(body, user=context.job.user, scope=scope, pdf=params.get("pdf", True))
    type(context.job).objects.filter(pk=context.job.pk).update(params={**params, "document": document.pk})
    context.progress(3, 3, _("Document issued"), force=True)
    return 1


def result(job):
    pk = job.params.get("document")
    if pk is None or not Document.objects.filter(pk=pk).exists():
        return None
    return _("See the document"), reverse("documents:detail", args=[pk])


def start(user, *, kind: str, year: int, deadline=None, organisation=None, pdf: bool = True):
    from guifan.core.jobs import runner

    return runner.start(KIND, user, title=str(Document.Kind(kind).label) + f" {year}",
                        params={"kind": kind, "year": year, "deadline": deadline.isoformat() if deadline else None,
                                "organisation": organisation.pk if organisation else None, "pdf": pdf})
