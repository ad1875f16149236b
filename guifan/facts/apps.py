from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "guifan.facts"
    verbose_name = _("Facts and figures")

    def ready(self):
        from guifan.facts import (
            computers,  # noqa: F401 - registers the derived-fact computers' implementations
            computers_training,  # noqa: F401 - and those of the training records
        )
        from guifan.standards.signals import pack_loaded

        from .periods import on_pack_loaded

        pack_loaded.connect(on_pack_loaded, dispatch_uid="facts.open_periods")
