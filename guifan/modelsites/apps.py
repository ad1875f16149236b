from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelSitesConfig(AppConfig):
    name = "guifan.modelsites"
    label = "modelsites"
    verbose_name = _("Model sites")
