"""The plan's own words, spelled out once: the five domains and the three region levels.

Everything else (the register's models, the pack's JSON Schema and checks, the engine's frame, derivation, the sample
city) takes them from here, so that a pack naming a domain or a level that does not exist is refused with its line.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """The five domains of the plan (SPEC vocabulary)."""

    RURAL = "R", _("Rural")
    URBAN = "U", _("Urban")
    TWO_NEW = "N", _("Two-new organisations")
    AGENCY = "A", _("Agencies and public institutions")
    SOE = "S", _("State-owned enterprises")


class RegionLevel(models.TextChoices):
    """The levels of the administrative divisions the platform holds, from the top (Region.Level)."""

    CITY = "city", _("City")
    COUNTY = "county", _("County or district")
    TOWNSHIP = "township", _("Township or street")


DOMAINS: tuple[str, ...] = tuple(Domain.values)  # ("R", "U", "N", "A", "S")
REGION_LEVELS: tuple[str, ...] = tuple(RegionLevel.values)  # ("city", "county", "township"): top down
LEVELS_BOTTOM_UP: tuple[str, ...] = REGION_LEVELS[::-1]  # ("township", "county", "city"): how roll-ups climb


def child_level(level: str) -> str | None:
    """The level of a region's children (county for the city), None for a township."""
    index = REGION_LEVELS.index(level)
    return REGION_LEVELS[index + 1] if index + 1 < len(REGION_LEVELS) else None


def level_name(level: str | None) -> str:
    """A region level (approval level, report event level) in the user's words: 乡镇（街道）级 for "township"; "" for
    none. A value that is not a level is shown as it is rather than hidden."""
    if not level:
        return ""
    try:
        return str(RegionLevel(level).label)
    except ValueError:
        return level
