"""Read-only queries for the venue pages (阵地评级, M13): the rules in effect, an organisation's venue and rating,
a region's stored roll-ups, its venues and the upgrading list; every row comes through the user's Scope."""

from __future__ import annotations

from django.utils.translation import get_language

from guifan.standards.selectors import pack_in_effect, reporting_year
from guifan.standards.venue_rules import VenueRules

from .models import RegionVenueGrade, Venue, VenuePhoto, VenueRating

LIST_LIMIT = 500


def lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def text(label: dict | None) -> str:
    if not label:
        return ""
    return label.get(lang()) or label.get("zh", "")


def default_year() -> int:
    return reporting_year()


def rules(year: int) -> VenueRules | None:
    version = pack_in_effect(year)
    return version.pack().venues if version is not None else None


def grade_label(venue_rules: VenueRules | None, code: str) -> str:
    grade = venue_rules.grade_of(code) if venue_rules and code else None
    return text(grade.label) if grade else ""


def joint_label(venue_rules: VenueRules | None, code: str) -> str:
    grade = venue_rules.joint_grade_of(code) if venue_rules and code else None
    return text(grade.label) if grade else ""


def venue_of(organisation) -> Venue | None:
    return Venue.objects.filter(organisation=organisation).first()


def rating_of(venue, year: int) -> VenueRating | None:
    if venue is None:
        return None
    return VenueRating.objects.filter(venue=venue, year=year).prefetch_related("checks__photos").first()


def region_rollup(scope, region, year: int) -> RegionVenueGrade | None:
    if not scope.covers_region(region):
        return None
    return RegionVenueGrade.objects.filter(region=region, year=year).first()


def child_rollups(scope, region, year: int) -> list[RegionVenueGrade]:
    children = scope.regions(region.children.all())
    return list(RegionVenueGrade.objects.filter(year=year, region__in=children).select_related("region")
                .order_by("region__code"))


def region_ratings(scope, region, year: int, limit: int | None = LIST_LIMIT, *, waiting: bool | None = None):
    """The year's ratings of the region's venues in the scope, lowest grades (most items missing) first."""
    qs = VenueRating.objects.filter(year=year, organisation__region__path__startswith=region.path,
                                    organisation__in=scope.organisations())
    if waiting is not None:
        qs = qs.filter(confirmed_at__isnull=waiting)
    qs = qs.select_related("venue", "organisation", "organisation__region").order_by("-missing", "organisation__name")
    return list(qs[:limit] if limit else qs)


def upgrading(scope, region, year: int, venue_rules: VenueRules | None, limit: int | None = LIST_LIMIT) -> list[dict]:
    """The venues below the target grade with the items they miss (the upgrading list, 改造升级)."""
    if venue_rules is None:
        return []
    below = [g.code for g in venue_rules.grades if not venue_rules.reaches_target(g.code)]
    qs = (VenueRating.objects.filter(year=year, grade__in=below, organisation__region__path__startswith=region.path,
                                     organisation__in=scope.organisations())
          .select_related("venue", "organisation", "organisation__region").prefetch_related("checks")
          .order_by("-missing", "organisation__name"))
    rows = []
    for rating in (qs[:limit] if limit else qs):
        rows.append({"rating": rating, "grade": grade_label(venue_rules, rating.grade),
                     "missing": missing_items(venue_rules, rating)})
    return rows


def missing_items(venue_rules: VenueRules | None, rating: VenueRating) -> list[str]:
    """The labels of a rating's items not present, in the checklist's order."""
    checklist = next((c for c in venue_rules.checklists if c.code == rating.checklist
                      and rating.organisation.domain in c.domains), None) if venue_rules else None
    absent = {c.item for c in rating.checks.all() if not c.present}
    if checklist is None:
        return sorted(absent)
    return [text(i.label) for i in checklist.items if i.id in absent]


def visible_photo(scope, pk: int) -> VenuePhoto | None:
    return (VenuePhoto.objects.filter(pk=pk, venue_check__rating__organisation__in=scope.organisations())
            .select_related("venue_check__rating").first())
