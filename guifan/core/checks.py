"""System checks: what the keys still lack for production (`guifan check --deploy`, guifan.W0xx), and the audit
retention, which may not be shorter than the standard's six months (core.E001)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import gettext as _


@register(Tags.security, deploy=True)
def keys_for_production(app_configs, **kwargs):
    found = []
    if getattr(settings, "DEVELOPMENT_KEYS_ALLOWED", False):
        found.append(Warning(_("Development keys are allowed (GUIFAN_DEBUG=1 or GUIFAN_DEVELOPMENT_KEYS=1)."),
                             hint=_("Unset both in production; `guifan keys generate` makes real keys."),
                             id="guifan.W001"))
    if getattr(settings, "FIELD_LEGACY_KEY", ""):
        found.append(Warning(_("A legacy field key is still configured."),
                             hint=_("Once `guifan keys status` shows no value of the old form, remove it."),
                             id="guifan.W002"))
    keyring_file = getattr(settings, "KEYRING_FILE", "")
    project = settings.BASE_DIR.parent.resolve()
    if keyring_file and project in Path(keyring_file).resolve().parents:
        found.append(Warning(_("The key file lies inside the project directory."),
                             hint=_("Keep it outside (e.g. /etc/guifan/keys.json) and back it up apart from the "
                                    "database."), id="guifan.W003"))
    return found


@register()
def audit_retention(app_configs, **kwargs):
    minimum = settings.AUDIT_RETENTION_MIN_DAYS
    if settings.AUDIT_RETENTION_DAYS < minimum:
        return [Error(f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; audit rows are kept at least "
                      f"{minimum} days (GUIFAN_AUDIT_RETENTION_DAYS).", id="core.E001")]
    return []
