"""Read-only queries on stored packs (and loading the shipped pack once, for make demo and tests)."""

import datetime as dt
import hashlib

from django.utils import timezone

from guifan.standards.models import PackVersion
from guifan.standards.pack import PACKS_DIR
from guifan.standards.register_rules import RegisterRules
from guifan.standards.yaml_lines import read_text


def latest_pack_version(pack_id: str) -> PackVersion:
    """The most recently loaded version of a pack; raises PackVersion.DoesNotExist."""
    found = PackVersion.objects.filter(pack_id=pack_id).order_by("-loaded_at", "-id").first()
    if found is None:
        raise PackVersion.DoesNotExist(f"no stored version of pack {pack_id!r}")
    return found


def pack_version(reference: str) -> PackVersion:
    """`id` (the latest version) or `id@version`; raises PackVersion.DoesNotExist."""
    pack_id, _, version = reference.partition("@")
    if not version:
        return latest_pack_version(pack_id)
    return PackVersion.objects.get(pack_id=pack_id, version=version)


def pack_in_effect(year: int) -> PackVersion | None:
    """The latest stored pack in effect during `year` (its source text read only when used), or None."""
    return (PackVersion.objects.defer("source")
            .filter(effective_from__lte=dt.date(year, 12, 31), effective_to__gte=dt.date(year, 1, 1))
            .order_by("-loaded_at", "-id").first())


def pack_for_year(year: int) -> PackVersion:
    """The latest stored pack in effect during `year`; raises PackVersion.DoesNotExist."""
    found = pack_in_effect(year)
    if found is None:
        raise PackVersion.DoesNotExist(f"no stored pack is in effect in {year}")
    return found


def reporting_year(today: dt.date | None = None) -> int:
    """The current reporting year: the latest year up to this one in which a stored pack is in effect (this year
    when none is): the year the pages judge by when none is asked for."""
    this_year = (today or timezone.localdate()).year
    latest = (PackVersion.objects.filter(effective_from__lte=dt.date(this_year, 12, 31), effective_to__isnull=False)
              .order_by("-effective_to").values_list("effective_to", flat=True).first())
    return min(latest.year, this_year) if latest else this_year


_REGISTER_RULES: dict[str, RegisterRules] = {}


def register_rules(version: PackVersion) -> RegisterRules:
    """The register rules of a stored version, kept per version (checksum) once parsed: a page that judges
    thousands of organisations asks once, and a new version is a new key."""
    found = _REGISTER_RULES.get(version.checksum)
    if found is None:
        found = _REGISTER_RULES[version.checksum] = version.pack().register
    return found


def ensure_shipped_pack_loaded(pack_id: str = "guilin-2018") -> PackVersion:
    """The stored version of the shipped file `pack_id`; loads it when its checksum is not stored yet (idempotent)."""
    from guifan.standards.actions import load_pack_text

    text = read_text(PACKS_DIR / f"{pack_id}.yaml")
    existing = PackVersion.objects.filter(checksum=hashlib.sha256(text.encode("utf-8")).hexdigest()).first()
    return existing or load_pack_text(text, source_name=f"{pack_id}.yaml")
