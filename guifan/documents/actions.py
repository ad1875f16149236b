"""Every write of official documents (issue 14.3), one atomic function each, validating first and writing nothing
on refusal, each with its change log: issue a document (its number allocated under a lock on the issuer, its Word
file and PDF made from the issuer's template), replace an issuer's template (refused naming the placeholders it
lacks), record a recipient's response (整改报告)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.regions.models import Region

from . import render
from .content import Content, document_number, next_serial, require
from .models import Document, IssuerTemplate, Recipient

SOURCE = "documents"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


def _log(obj, action, user, before=None, related=None):
    """The change log of an object whose files are bytes: their size is logged, not their content."""
    after = {k: (f"{len(v)} bytes" if isinstance(v, bytes | memoryview) else v)
             for k, v in audit.snapshot(obj).items()}
    audit.entry(obj, action, user, before, after, SOURCE, related).save()


def may_issue(scope, issuer: Region) -> bool:
    """A user of the issuing region's own level who may change data (or an administrator of everything)."""
    if not scope.can_edit:
        return False
    if scope.is_all:
        return True
    region = getattr(scope, "region", None)
    return region is not None and region.pk == issuer.pk


def issuer_of(scope) -> Region | None:
    """The region a user issues documents for: the region of a region-level role, the city for an administrator."""
    if getattr(scope, "region", None) is not None:
        return scope.region
    if scope.is_all:
        return Region.objects.filter(parent__isnull=True).order_by("code").first()
    return None


def check_template(issuer: Region) -> None:
    """Refuses (naming the placeholders it lacks) when the issuer's template cannot make a complete document."""
    if missing := render.missing_fields(render.template_bytes(issuer)):
        raise ValidationError(_("The template of %(issuer)s lacks the fields %(fields)s: upload a complete one.")
                              % {"issuer": issuer.name, "fields": render.describe(missing)})


def check_issue(scope, issuer: Region, *, kind: str, year: int, deadline=None, organisation=None) -> None:
    """Everything an issue needs, checked before its job starts: the user may issue for the issuer, the document's
    required fields (content.require), a complete template. Raises ValidationError with a Chinese message."""
    if not may_issue(scope, issuer):
        raise ValidationError(_("Only the issuing region's own users may issue its documents."))
    require(kind, year, deadline=deadline, organisation=organisation)
    check_template(issuer)


@transaction.atomic
def issue(content: Content, *, user=None, scope=None, pdf: bool = True, day=None) -> Document:
    """Stores the document of `content` with the next number of its issuer and year, its Word file and (when asked)
    its PDF. A template that lacks a placeholder, or a PDF that cannot be made, refuses the whole document."""
    issuer = content.issuer
    if scope is not None and not may_issue(scope, issuer):
        raise ValidationError(_("Only the issuing region's own users may issue its documents."))
    check_template(issuer)
    template = render.template_bytes(issuer)
    Region.objects.select_for_update().filter(pk=issuer.pk).first()  # one number at a time per issuer
    serial = next_serial(issuer, content.year)
    number = document_number(content.year, serial)
    day = day or timezone.localdate()
    docx = render.render_docx(content.context(number, day), template)
    pdf_data = render.to_pdf(docx) if pdf else None
    document = Document.objects.create(
        kind=content.kind, year=content.year, issuer=issuer, serial=serial, number=number, title=content.title,
        organisation=content.organisation, run=content.run, body=content.body, deadline=content.deadline,
        docx=docx, pdf=pdf_data, created_by=user if getattr(user, "is_authenticated", False) else None)
    Recipient.objects.bulk_create([
        Recipient(document=document, deadline=deadline,
                  region=target if isinstance(target, Region) else None,
                  organisation=None if isinstance(target, Region) else target)
        for target, deadline in content.recipients])
    _log(document, ChangeLog.Action.CREATE, user)
    return document


@transaction.atomic
def replace_template(issuer: Region, upload, *, user=None, scope=None) -> IssuerTemplate:
    """The issuer's own template (its letterhead), refused naming the placeholders it lacks."""
    if scope is not None and not may_issue(scope, issuer):
        raise ValidationError(_("Only the issuing region's own users may replace its template."))
    if upload is None:
        raise ValidationError(_("Choose the Word template (.docx) to upload."))
    if not upload.name.lower().endswith(".docx"):
        raise ValidationError(_("The template must be a Word file (.docx)."))
    if upload.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("The template is larger than 5 MB."))
    data = upload.read()
    if missing := render.missing_fields(data):
        raise ValidationError(_("The template lacks the fields %(fields)s, which the documents need: add them as "
                                "written and upload it again.") % {"fields": render.describe(missing)})
    existing = IssuerTemplate.objects.filter(issuer=issuer).first()
    action = ChangeLog.Action.UPDATE if existing else ChangeLog.Action.CREATE
    template = existing or IssuerTemplate(issuer=issuer)
    template.docx, template.file_name = data, upload.name[:200]
    template.uploaded_by = user if getattr(user, "is_authenticated", False) else None
    template.uploaded_at = timezone.now()
    template.save()
    _log(template, action, user)
    return template


@transaction.atomic
def restore_template(issuer: Region, *, user=None, scope=None) -> None:
    """Back to the shipped GB/T 9704 template."""
    if scope is not None and not may_issue(scope, issuer):
        raise ValidationError(_("Only the issuing region's own users may replace its template."))
    for template in IssuerTemplate.objects.filter(issuer=issuer):
        _log(template, ChangeLog.Action.DELETE, user)
        template.delete()


@transaction.atomic
def record_response(recipient: Recipient, *, text: str = "", upload=None, user=None) -> Recipient:
    """The recipient's rectification report (整改报告): its text or file, received now."""
    if recipient.deadline is None:
        raise ValidationError(_("This document asks this recipient for no response."))
    if recipient.received_at is not None:
        raise ValidationError(_("The response has already been received."))
    text = (text or "").strip()
    if not text and upload is None:
        raise ValidationError(_("Write the rectification report or attach its file."))
    data = None
    if upload is not None:
        if upload.size > MAX_RESPONSE_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        data = upload.read()
    before = audit.snapshot(recipient)
    before = {k: (f"{len(v)} bytes" if isinstance(v, bytes | memoryview) else v) for k, v in before.items()}
    recipient.response_text = text
    if data is not None:
        recipient.response_file, recipient.response_file_name = data, upload.name[:200]
    recipient.received_at = timezone.now()
    recipient.received_by = user if getattr(user, "is_authenticated", False) else None
    recipient.save()
    _log(recipient, ChangeLog.Action.UPDATE, user, before=before, related=recipient.document)
    return recipient
