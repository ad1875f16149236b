"""Changes to stored packs: loading a file as a new version (validated, checksummed, duplicates refused)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.standards.errors import PackError
from guifan.standards.models import PackVersion
from guifan.standards.pack import parse_pack
from guifan.standards.signals import pack_loaded


class PackRefused(ValueError):
    """A valid pack that cannot be stored (a duplicate, or a reused version text)."""


def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@transaction.atomic
def load_pack_text(text: str, user=None, source_name: str = "") -> PackVersion:
    """Validates `text` and stores it as a new PackVersion. Raises PackError (invalid) or PackRefused."""
    pack = parse_pack(text, source_name)  # PackError with every problem and its line
    duplicate = PackVersion.objects.filter(checksum=pack.checksum).first()
    if duplicate:
        raise PackRefused(_("This file is already loaded as %(version)s (checksum %(checksum)s).")
                          % {"version": duplicate, "checksum": pack.checksum[:12]})
    same_version = PackVersion.objects.filter(pack_id=pack.id, version=pack.version).first()
    if same_version:
        raise PackRefused(_("Pack %(pack)s version %(version)s is already loaded with different content "
                            "(checksum %(checksum)s); give the changed file a new version.")
                          % {"pack": pack.id, "version": pack.version, "checksum": same_version.checksum[:12]})
    stored = PackVersion.objects.create(
        pack_id=pack.id, version=pack.version, checksum=pack.checksum, title_zh=pack.title.get("zh", ""),
        title_en=pack.title.get("en", ""), effective_from=_date(pack.effective["from"]),
        effective_to=_date(pack.effective["to"]), criteria_count=len(pack.criteria), facts_count=len(pack.facts),
        source=text, loaded_by=user,
    )
    stored._pack = pack
    audit.entry(stored, "create", user, after={"pack_id": stored.pack_id, "version": stored.version,
                                               "checksum": stored.checksum}, source="pack load").save()
    pack_loaded.send(sender=PackVersion, version=stored, pack=pack)
    return stored


__all__ = ["PackError", "PackRefused", "load_pack_text"]
