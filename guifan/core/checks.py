"""System checks of the audit settings: the retention may not be shorter than the standard's six months."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def audit_retention(app_configs, **kwargs):
    minimum = settings.AUDIT_RETENTION_MIN_DAYS
    if settings.AUDIT_RETENTION_DAYS < minimum:
        return [Error(f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; audit rows are kept at least "
                      f"{minimum} days (GUIFAN_AUDIT_RETENTION_DAYS).", id="core.E001")]
    return []
