from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "guifan.points"
    verbose_name = _("Member points")

    def ready(self):
        from guifan.meetings.signals import meetings_changed

        from .receivers import on_meetings_changed

        meetings_changed.connect(on_meetings_changed, dispatch_uid="points.earn_on_meetings")
