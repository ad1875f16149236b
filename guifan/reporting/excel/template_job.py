"""The figures template of a large region as a background job (kind `figures_template`, issue 14.1): the city's
template of about ten thousand organisations takes seconds, so above `GUIFAN_TEMPLATE_INLINE_ORGANISATIONS` the
page offers to prepare it and the job writes the same workbook (template.build_template) to the job's file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from guifan.core.jobs import runner
from guifan.facts.actions import pack_for
from guifan.facts.models import Period

from . import template

KIND = "figures_template"


def file_name(period, where) -> str:
    return _("figures %(year)s %(region)s.xlsx") % {"year": period.label, "region": where.name}


def start(user, period, region):
    title = _("Figures template %(year)s %(region)s") % {"year": period.label, "region": region.name}
    return runner.start(KIND, user, title=title, params={"period": period.code, "region": region.code})


def run(context) -> int:
    period = Period.objects.get(code=context.job.params["period"])
    region = context.scope.regions().filter(code=context.job.params["region"]).first()
    if region is None:
        raise LookupError("the region is no longer in the user's scope")
    pack = pack_for(period)
    total = template.reporting_organisations(period, pack, context.scope, region=region).count()
    context.progress(0, total, _("Writing the rows…"), force=True)
    path = context.output(file_name(period, region), ".xlsx")
    rows = template.build_template(path, pack=pack, period=period, scope=context.scope, region=region)
    context.progress(rows, total, force=True)
    return rows
