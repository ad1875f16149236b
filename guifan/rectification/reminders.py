"""Reminders of rectification tasks coming due or overdue (issue 14.4): one per task and stage to the reporters of
the listed organisation, sent by the daily reminders run (guifan.reporting.reminders)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from guifan.reporting.models import Notice
from guifan.reporting.notices import reporter_pairs
from guifan.reporting.reminders import days_ahead, source, stage

from .models import Listing, Task


@source("rectification")
def tasks_coming_due(today: dt.date) -> list[Notice]:
    horizon = today + dt.timedelta(days=days_ahead("rectification"))
    tasks = list(Task.objects.filter(closed_at__isnull=True, deadline__lte=horizon,
                                     listing__state=Listing.State.CONFIRMED)
                 .select_related("listing__organisation"))
    by_org: dict[int, list[Task]] = {}
    for t in tasks:
        by_org.setdefault(t.listing.organisation_id, []).append(t)
    organisations = list({t.listing.organisation_id: t.listing.organisation for t in tasks}.values())
    return [Notice(user=user, kind=Notice.Kind.DEADLINE, organisation=org, subject=t.title, due=t.deadline,
                   link=reverse("rectification:detail", args=[t.listing_id]),
                   key=f"rectification:{t.pk}:{t.deadline}:{stage(t.deadline, today)}")
            for org, user in reporter_pairs(organisations) for t in by_org[org.pk]]
