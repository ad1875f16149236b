from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "guifan.api"
    label = "api"
    verbose_name = _("API for clients")
    default_auto_field = "django.db.models.BigAutoField"
