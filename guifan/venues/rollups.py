"""The stored roll-ups of a year's confirmed venue ratings per township, county and city (RegionVenueGrade),
rewritten in one pass after each write: the confirmed ratings read once with their organisation's region and domain,
each counted for the region's township, county and city (from the regions' materialised paths), the joint grade of
each region from the pack's `venue_rating.joint`. Pages read these rows; they never walk the tree."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from guifan.core import bulk
from guifan.regions.models import Region

from .models import RegionVenueGrade, VenueRating

FIELDS = ("year", "region", "level", "venues", "recorded", "grades", "joint_venues", "joint_top", "joint_grade",
          "updated_at")


def _ancestors() -> tuple[dict[int, list[int]], dict[int, str]]:
    """{region pk: [its own pk and every ancestor's]}, {region pk: level}."""
    regions = list(Region.objects.values_list("pk", "code", "level", "path"))
    by_code = {code: pk for pk, code, _level, _path in regions}
    chains = {pk: [by_code[c] for c in path.strip("/").split("/") if c in by_code] for pk, _c, _l, path in regions}
    return chains, {pk: level for pk, _c, level, _p in regions}


def refresh(year: int, rules) -> int:
    """Rewrite the year's RegionVenueGrade rows from its ratings; returns how many. Called inside the writing
    action's transaction: two writers rewrite the same year's rows, so one at a time (the city's row as the lock, as
    guifan.rating does)."""
    list(Region.objects.select_for_update().filter(parent__isnull=True).values_list("pk", flat=True))
    rows = list(VenueRating.objects.filter(year=year).values_list(
        "organisation__region_id", "organisation__domain", "grade", "confirmed_at"))
    RegionVenueGrade.objects.filter(year=year).delete()
    if not rows or rules is None:
        return 0
    chains, levels = _ancestors()
    counts: dict[int, dict] = defaultdict(lambda: {"venues": 0, "recorded": 0, "grades": defaultdict(int),
                                                   "joint": 0, "top": 0})
    for region_id, domain, grade, confirmed_at in rows:
        for pk in chains.get(region_id, ()):
            c = counts[pk]
            if confirmed_at is None:
                c["recorded"] += 1
                continue
            c["venues"] += 1
            c["grades"][grade] += 1
            if domain in rules.joint_domains:
                c["joint"] += 1
                c["top"] += int(rules.reaches_target(grade))
    now = timezone.now()
    out = []
    for pk, c in counts.items():
        joint = rules.joint_grade(c["top"], c["joint"])
        out.append((year, pk, levels[pk], c["venues"], c["recorded"], dict(c["grades"]), c["joint"], c["top"],
                    joint.code if joint else "", now))
    bulk.insert(RegionVenueGrade, FIELDS, out)
    return len(out)
