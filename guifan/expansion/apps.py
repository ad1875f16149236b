from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpansionConfig(AppConfig):
    name = "guifan.expansion"
    verbose_name = _("Expansion")

    def ready(self):
        from guifan.core.jobs import registry

        from . import jobs

        registry.register(jobs.KIND, jobs.run, result=jobs.result)
