from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "guifan.documents"
    verbose_name = _("Official documents")

    def ready(self):
        from guifan.core.jobs import registry

        from . import jobs

        registry.register(jobs.KIND, jobs.run, result=jobs.result)
