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
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if city is None or Document.objects.filter(issuer=city, year=year).exists():
        return {"documents": 0}
    deadline = timezone.localdate() - dt.timedelta(days=DEADLINE_DAYS_AGO)
    pdf = render.soffice() is not None
    try:
        notice = actions.issue(content.build(Document.Kind.RESULTS, year, city, deadline=deadline), pdf=pdf)
    except ValidationError:
        return {"documents": 0}  # no official assessment of the year
    issued = 1
    for i, recipient in enumerate(notice.recipients.filter(deadline__isnull=False).order_by("pk")):
        if i % RECEIVED_SHARE == 0:
            actions.record_response(recipient, text="已对照问题逐项整改，按期召开组织生活会，整改完成。")
    county = city.children.order_by("code").first()
    if county is not None:
        try:
            actions.issue(content.build(Document.Kind.YEARLY_REPORT, year, county), pdf=pdf)
            issued += 1
        except ValidationError:
            pass
    return {"documents": issued}
