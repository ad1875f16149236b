from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "guifan.dues"
    verbose_name = _("Party dues")

    def ready(self):
        from guifan.core.spreadsheets import registry

        registry.register("guifan.dues.sheets.SHEET")
