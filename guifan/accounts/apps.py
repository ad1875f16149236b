from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "guifan.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import receivers, security_events  # noqa: F401 - receivers connect on import

        security_events.connect_lockout()

        from guifan.core.scoping import set_scope_factory

        from .scope import Scope

        set_scope_factory(Scope)
