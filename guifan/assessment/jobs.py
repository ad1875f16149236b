"""The official assessment of a year for the whole city as a background job (kind `assessment_run`, issue 14.1):
started from the runs page by a city user, its stages reported as progress, cancellable until the results are
stored (a cancelled run writes nothing: the run is one transaction). The same `run_assessment` as `guifan assess`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guifan.core import scoping
from guifan.regions.models import Region

from .actions import STAGES, default_pack_version, run_assessment
from .models import AssessmentRun

KIND = "assessment_run"
STAGE_LABELS = {"pack": gettext_lazy("Standard pack read"), "frame": gettext_lazy("Figures read"),
                "engine": gettext_lazy("Every organisation judged"), "rows": gettext_lazy("Results rolled up"),
                "write": gettext_lazy("Results stored")}


def may_run(scope) -> bool:
    """The official run of the city: a city-level role that may change data (the system administrator too)."""
    return scope.can_edit and (scope.is_all or (scope.region is not None and scope.region.level == Region.Level.CITY))


def run(context) -> int:
    if not may_run(context.scope):
        raise PermissionError("only the city may run the official assessment")
    year = int(context.job.params["year"])
    total = len(STAGES)
    context.progress(0, total, _("Reading the standard pack…"), force=True)

    def progress(stage, fraction):
        context.progress(round(fraction * total), total, str(STAGE_LABELS.get(stage, stage)), force=True)

    result = run_assessment(year, pack_version=default_pack_version(year), user=context.job.user, progress=progress)
    type(context.job).objects.filter(pk=context.job.pk).update(params={**context.job.params, "run": result.pk})
    return result.organisations


def result(job):
    """The results of the run the job stored, on the city's assessment page."""
    run_id = job.params.get("run")
    root = scoping.scope_for(job.user).root_region
    if run_id is None or root is None or not AssessmentRun.objects.filter(pk=run_id).exists():
        return None
    return _("See the results"), reverse("assessment:region", args=[root.code]) + f"?run={run_id}"


def years_offered() -> list[int]:
    """The years a run may be started for: the reporting year and the one before, each with a pack in effect."""
    from guifan.standards.selectors import pack_in_effect, reporting_year

    now = reporting_year()
    return [y for y in (now, now - 1) if pack_in_effect(y) is not None]


def start(user, year: int):
    from guifan.core.jobs import runner

    return runner.start(KIND, user, title=_("Official assessment of %(year)s") % {"year": year},
                        params={"year": year})
