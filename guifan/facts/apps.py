from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "guifan.facts"
    verbose_name = _("Facts and figures")

    def ready(self):
        from guifan.facts import (  # noqa: F401 - the derived-fact computers' implementations
            computers,
            computers_dues,
            computers_meetings,
            computers_recruitment,
            computers_status,
            computers_training,
        )
        from guifan.meetings.signals import meetings_changed
        from guifan.standards.signals import pack_loaded

        from .derived import on_meetings_changed
        from .periods import on_pack_loaded

        pack_loaded.connect(on_pack_loaded, dispatch_uid="facts.open_periods")
        meetings_changed.connect(on_meetings_changed, dispatch_uid="facts.derive_on_meetings")
