from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "guifan.training"
    verbose_name = _("Education and training")

    def ready(self):
        from guifan.core.spreadsheets import registry

        registry.register("guifan.training.sheets.COMPLETIONS")
        registry.register("guifan.training.sheets.SCORES")
