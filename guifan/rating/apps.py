from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingConfig(AppConfig):
    name = "guifan.rating"
    verbose_name = _("Rating and upgrading")
