from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "guifan.reporting"
    verbose_name = _("Reporting and approval")

    def ready(self):
        from guifan.core.spreadsheets import hub, registry

        from .excel import KIND

        hub.add_section("guifan.reporting.excel.views.facts_section")
        registry.register_title(KIND, _("Figures"))  # the data sheet of its error workbooks, as of its template

        from guifan.core.jobs import registry as jobs

        from .excel import template_job

        jobs.register(template_job.KIND, template_job.run)

        from guifan.orgs.rollups import organisations_changed

        from . import reminders  # noqa: F401  (its reminder sources)

        organisations_changed.connect(_recount_completeness, dispatch_uid="reporting.completeness")

        from guifan.meetings.signals import meetings_changed

        meetings_changed.connect(_recount_year, dispatch_uid="reporting.completeness_meetings")


def _recount_completeness(sender, regions, **kwargs):
    """Organisations created, dissolved or moved: their regions' stored completeness of every counted period."""
    from .completeness import refresh_regions

    refresh_regions(regions)


def _recount_year(sender, organisation, year, **kwargs):
    """A meeting recorded, changed or removed: the organisation may now keep records (or no longer), which decides
    whether its quarterly and monthly reports are expected."""
    from .completeness import refresh_year

    refresh_year(year, [organisation.region_id])
