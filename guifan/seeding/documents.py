"""The sample city's official documents (issue 14.3), laid by `guifan seed_programmes` after the year's list: the
city's 通报 of the year's results (its PDF when LibreOffice is installed) with the criticised organisations asked
for a 整改报告 by a deadline already past, a few reports received, the rest overdue (the reminders), and a county's
yearly report. Idempotent: nothing is done when the city already issued a notice that year. Everything goes through
guifan.documents.actions, as a user's changes would."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from guifan.documents import actions, content, render
from guifan.documents.models import Document
from guifan.regions.models import Region

DEADLINE_DAYS_AGO = 10  # the reports were due ten days before the demo: the unanswered ones are overdue
RECEIVED_SHARE = 3  # one criticised organisation in three has sent its report


def seed_documents(year: int) -> dict:
    """{"documents": how many were issued, "without_pdf": why the PDF could not be made, when it could not}."""
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    laid = {"documents": 0, "without_pdf": ""}
    if city is None or Document.objects.filter(issuer=city, year=year).exists():
        return laid
    try:
        results = content.build(Document.Kind.RESULTS, year, city,
                                deadline=timezone.localdate() - dt.timedelta(days=DEADLINE_DAYS_AGO))
    except ValidationError:
        return laid  # no official assessment of the year
    pdf = render.soffice() is not None
    notice, pdf = _issue(results, pdf, laid)
    laid["documents"] = 1
    for i, recipient in enumerate(notice.recipients.filter(deadline__isnull=False).order_by("pk")):
        if i % RECEIVED_SHARE == 0:
            actions.record_response(recipient, text="已对照问题逐项整改，按期召开组织生活会，整改完成。")
    county = city.children.order_by("code").first()
    if county is not None:
        try:
            _issue(content.build(Document.Kind.YEARLY_REPORT, year, county), pdf, laid)
            laid["documents"] += 1
        except ValidationError:
            pass
    return laid


def _issue(document_content, pdf: bool, laid: dict):
    """The document with its PDF, or (when LibreOffice fails or is too slow) its Word file alone, the reason kept in
    `laid`: a sample without PDFs is still a sample with documents. Returns (document, whether PDFs are made)."""
    if pdf:
        try:
            return actions.issue(document_content, pdf=True), True
        except ValidationError as exc:
            laid["without_pdf"] = " ".join(exc.messages)
    return actions.issue(document_content, pdf=False), False
