from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "guifan.orgs"
    verbose_name = _("Party organisations")

    def ready(self):
        from guifan.core.spreadsheets import registry

        registry.register("guifan.orgs.sheets.SHEET")

        from . import rollups  # noqa: F401 - connects its receiver of region moves
