from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "guifan.reporting"
    verbose_name = _("Reporting and approval")

    def ready(self):
        from guifan.spreadsheets import hub

        from .excel.views import facts_section

        hub.add_section(facts_section)
