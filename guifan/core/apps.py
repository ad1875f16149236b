from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "guifan.core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401 - registers the keys' deploy checks and the audit settings check

        post_migrate.connect(ensure_chain_heads, sender=self, dispatch_uid="guifan-chain-heads")

        from .jobs import registry
        from .spreadsheets import export_job

        registry.register(export_job.KIND, export_job.run)


def ensure_chain_heads(sender, using="default", **kwargs):
    """The audit tables' chain heads exist before any write (after migrate, and after a test database is flushed):
    their first creation is then never raced by two writers."""
    from django.db import connections

    from .archive import CHAINED_MODELS
    from .chain import chain_name, save_head
    from .models import ChainHead

    if ChainHead._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated to a state before the chain (core 0004)
    for model in CHAINED_MODELS:
        head, created = ChainHead.objects.using(using).get_or_create(name=chain_name(model))
        if created:
            save_head(head)
