from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "guifan.rectification"
    verbose_name = _("Rectification of weak and lax organisations")

    def ready(self):
        from guifan.core.jobs import registry as jobs_registry
        from guifan.core.spreadsheets import registry

        from . import jobs

        registry.register("guifan.rectification.sheets.SHEET")
        jobs_registry.register(jobs.KIND, jobs.run, result=jobs.result)
        import guifan.rectification.reminders  # noqa: F401  (registers its reminder source)
