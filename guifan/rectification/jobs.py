"""Proposing the weak and lax list of a large scope (the city's ~14,000 results take seconds) as a background job
(kind `rectification_propose`): started from the rectification page, the same `actions.propose_from_run` as a
smaller scope runs at once, with the results read as its progress. How many it proposed is kept in the job's params
and shown on the job's link back to the year's list."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from guifan.assessment.models import AssessmentRun

from . import actions

KIND = "rectification_propose"
# A scope of more organisations than this is proposed in the background (the city; a county is answered at once).
INLINE_ORGANISATIONS = 3000


def in_background(scope) -> bool:
    return scope.organisations().count() > INLINE_ORGANISATIONS


def run(context) -> int:
    year = int(context.job.params["year"])
    official = AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()
    if official is None:
        raise LookupError(f"no official assessment of {year}")
    context.progress(0, None, _("Reading the assessment's results…"), force=True)
    count = actions.propose_from_run(official, user=context.job.user, organisations=context.scope.organisations(),
                                     progress=lambda done, total: context.progress(done, total, force=done == total))
    type(context.job).objects.filter(pk=context.job.pk).update(params={**context.job.params, "proposed": count})
    return count


def result(job):
    label = _("%(count)s organisations proposed: see the list") % {"count": job.params.get("proposed", 0)}
    return label, f"{reverse('rectification:index')}?year={job.params['year']}"


def start(user, year: int):
    from guifan.core.jobs import runner

    return runner.start(KIND, user, title=_("Weak and lax list of %(year)s proposed from the assessment")
                        % {"year": year}, params={"year": year})
