from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "guifan.assessment"
    verbose_name = _("Assessment")

    def ready(self):
        from guifan.assessment import (
            frame,  # noqa: F401 - implements the `source: assessment` computers
            jobs,
        )
        from guifan.core.jobs import registry

        registry.register(jobs.KIND, jobs.run, result=jobs.result)
