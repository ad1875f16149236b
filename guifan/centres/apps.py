from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "guifan.centres"
    verbose_name = _("Party-mass service centres")
