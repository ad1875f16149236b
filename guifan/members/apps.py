from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "guifan.members"
    verbose_name = _("Party members")

    def ready(self):
        from guifan.core.spreadsheets import registry

        registry.register("guifan.members.sheets.SHEET")
