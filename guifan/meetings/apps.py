from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "guifan.meetings"
    verbose_name = _("Organisational life")

    def ready(self):
        from guifan.core.spreadsheets import registry

        registry.register("guifan.meetings.sheets.SHEET")
