"""Every change to the service centres (M15), the tourist stations and the platform ratings (M17), one atomic function
each: save a centre (judged against the pack's service_centres and checklist C15), keep a photo of it, record a
tourist station, rate a county's platform. Each validates first and raises ValidationError with a translated
message, writing nothing; each writes its change log and rebuilds the stored roll-ups of the regions above.
The rules are those of the pack in effect in the year (guifan.standards.centre_rules).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from guifan.core import audit, evidence
from guifan.core.models import ChangeLog
from guifan.core.vocabulary import RegionLevel
from guifan.regions.models import Region
from guifan.standards.models import PackVersion
from guifan.standards.selectors import pack_for_year, reporting_year

from .models import CentreFile, CentreRollup, PlatformRating, ServiceCentre, TouristStation

SOURCE = "centres"


def is_urban_district(region: Region) -> bool:
    """GB/T 2260: a county-level code xxxx01–xxxx20 is a district (市辖区): 秀峰、叠彩、象山、七星、雁山、临桂."""
    return region.level == Region.Level.COUNTY and 1 <= int(region.code[4:6]) <= 20


def _pack(year: int | None):
    year = year or reporting_year()
    try:
        version = pack_for_year(year)
    except PackVersion.DoesNotExist as exc:
        raise ValidationError(_("No standard is in effect in %(year)s.") % {"year": year}) from exc
    return version, version.pack()


def centre_rules(year: int | None = None):
    """(pack version, CentreRules) of the pack in effect in `year` (the reporting year when None)."""
    version, pack = _pack(year)
    if pack.centres is None:
        raise ValidationError(_("The standard in effect sets no rules for party-mass service centres."))
    return version, pack.centres


def platform_rules(year: int | None = None):
    version, pack = _pack(year)
    if pack.platform is None:
        raise ValidationError(_("The standard in effect sets no rules for rating smart party-building platforms."))
    return version, pack.platform


def plain(number: Decimal) -> str:
    """20, not 2E+1; 12.5 as it is."""
    return format(number.normalize(), "f")


def _label(text: dict) -> str:
    from django.utils.translation import get_language

    return text.get((get_language() or "zh")[:2]) or text["zh"]


def _decimal(value, field: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({field: message}) from exc
    if not number.is_finite():
        raise ValidationError({field: message})
    return number


# --- roll-ups --------------------------------------------------------------------------------------------------------

def rebuild_rollups(regions) -> None:
    """Stores, for each region given and all above it, {level: [centres, passed]} and the tourist stations of its
    subtree: one grouped query per region (a handful per write)."""
    codes = set()
    for region in regions:
        codes |= {c for c in region.path.strip("/").split("/") if c}
    for region in Region.objects.filter(code__in=codes):
        rows = (ServiceCentre.objects.filter(region__path__startswith=region.path).order_by().values("level")
                .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True))))
        counts = {r["level"]: [r["n"], r["passed"]] for r in rows}
        stations = TouristStation.objects.filter(region__path__startswith=region.path).count()
        CentreRollup.objects.update_or_create(region=region, defaults={"counts": counts, "stations": stations})


# --- centres ---------------------------------------------------------------------------------------------------------

def _check_scope(scope, region: Region | None, organisation=None) -> None:
    if not scope.can_edit:
        raise ValidationError(_("Your account may not change anything here."))
    if organisation is not None:
        if not scope.organisations().filter(pk=organisation.pk).exists():
            raise ValidationError(_("%(name)s is outside your area.") % {"name": organisation.name})
    elif not scope.covers_region(region):
        raise ValidationError(_("%(name)s is outside your area.") % {"name": region.name})


def _place(rules, level, region, organisation):
    """The region that holds a centre of `level`; refuses a region of the wrong level or kind."""
    if level.held_by_organisation:
        if organisation is None:
            raise ValidationError({"organisation": _("A %(level)s belongs to a community's party organisation: "
                                                     "name it.") % {"level": _label(level.label)}})
        if organisation.host_unit.kind not in level.hosts:
            raise ValidationError({"organisation": _("%(name)s is not a community's organisation: a %(level)s "
                                                     "belongs to one.") % {"name": organisation.name,
                                                                          "level": _label(level.label)}})
        return organisation.region
    if region is None or region.level != level.region_level:
        raise ValidationError({"region": _("A %(level)s belongs to a region of level %(region_level)s.")
                               % {"level": _label(level.label),
                                  "region_level": RegionLevel(level.region_level).label}})
    if level.urban_only and not is_urban_district(region):
        raise ValidationError({"region": _("%(name)s is a county, not an urban district: a %(level)s is for "
                                           "urban districts.") % {"name": region.name,
                                                                  "level": _label(level.label)}})
    if level.streets_only and not region.is_street:
        raise ValidationError({"region": _("%(name)s is a township, not a street: a %(level)s is for streets.")
                               % {"name": region.name, "level": _label(level.label)}})
    return region


@transaction.atomic
def save_centre(*, scope, level: str, name: str, area_m2, staff, own_site: bool = False, function_areas=(),
                rules_present: bool = False, address: str = "", region: Region | None = None, organisation=None,
                centre: ServiceCentre | None = None, user=None, year: int | None = None) -> ServiceCentre:
    """Records a centre (or changes `centre`) and stores its verdict against the pack: refuses an unknown level, a
    region or organisation of the wrong kind or outside the user's scope, a second centre where the pack allows
    one, an area or staff that is negative or absurd, a function area not in checklist C15."""
    version, rules = centre_rules(year)
    found = rules.level(level)
    if found is None:
        raise ValidationError({"level": _("Unknown centre level.")})
    if centre is not None:
        region, organisation = centre.region if centre.organisation_id is None else None, centre.organisation
    place = _place(rules, found, region, organisation)
    _check_scope(scope, place, organisation if found.held_by_organisation else None)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the centre's name.")
    area_message = _("The area must be a number of square metres above 0 and at most %(max)s.") % {
        "max": rules.max_area_m2}
    try:
        area = _decimal(area_m2, "area_m2", area_message)
        if area <= 0 or area > rules.max_area_m2:
            errors["area_m2"] = area_message
    except ValidationError:
        errors["area_m2"] = area_message
    try:
        staff = int(str(staff).strip())
        if staff < 0 or staff > rules.max_staff:
            raise ValueError
    except (ValueError, TypeError):
        errors["staff"] = _("Staff must be a whole number from 0 to %(max)s.") % {"max": rules.max_staff}
    known = {item["id"] for item in rules.items}
    areas = [a for a in dict.fromkeys(function_areas or ())]
    if unknown := [a for a in areas if a not in known]:
        errors["function_areas"] = _("Unknown function areas: %(areas)s.") % {"areas": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    if found.per_region is not None:
        same = ServiceCentre.objects.filter(level=found.code)
        same = same.filter(organisation=organisation) if found.held_by_organisation else same.filter(region=place)
        if centre is not None:
            same = same.exclude(pk=centre.pk)
        if same.count() >= found.per_region:
            holder = organisation.name if found.held_by_organisation else place.name
            raise ValidationError(_("%(holder)s already has its %(level)s: the standard allows %(n)s.")
                                  % {"holder": holder, "level": _label(found.label), "n": found.per_region})
    verdicts = rules.judge(found, area=area, staff=staff, own_site=own_site, function_areas=areas,
                           rules_present=rules_present)
    before = audit.snapshot(centre) if centre is not None else None
    centre = centre or ServiceCentre()
    centre.level, centre.region, centre.organisation = found.code, place, organisation
    centre.name, centre.address, centre.area_m2, centre.staff = name[:100], (address or "").strip()[:200], area, staff
    centre.own_site, centre.function_areas, centre.rules_present = bool(own_site), areas, bool(rules_present)
    centre.verdicts, centre.passed = verdicts, all(verdicts.values())
    centre.judged_by, centre.updated_by = f"{version.pack_id}@{version.version}", user
    centre.save()
    audit.record(centre, ChangeLog.Action.CREATE if before is None else ChangeLog.Action.UPDATE, user=user,
                 before=before, source=SOURCE, related=organisation)
    rebuild_rollups([place])
    return centre


@transaction.atomic
def rejudge(centre: ServiceCentre, *, user=None, year: int | None = None) -> ServiceCentre:
    """Judges a stored centre again by the pack in effect (after a new pack version)."""
    version, rules = centre_rules(year)
    level = rules.level(centre.level)
    if level is None:
        raise ValidationError(_("Unknown centre level."))
    centre.verdicts = rules.judge(level, area=centre.area_m2, staff=centre.staff, own_site=centre.own_site,
                                  function_areas=centre.function_areas, rules_present=centre.rules_present)
    centre.passed, centre.judged_by = all(centre.verdicts.values()), f"{version.pack_id}@{version.version}"
    centre.save(update_fields=["verdicts", "passed", "judged_by", "updated_at"])
    rebuild_rollups([centre.region])
    return centre


@transaction.atomic
def add_centre_file(centre: ServiceCentre, upload, *, scope, user=None) -> CentreFile:
    """Keeps a photo or a PDF of the centre (guifan.core.evidence checks what it is)."""
    _check_scope(scope, centre.region, centre.organisation)
    return evidence.store(CentreFile(centre=centre), upload, user=user, source=SOURCE, related=centre.organisation)


# --- tourist stations ------------------------------------------------------------------------------------------------

@transaction.atomic
def add_station(*, scope, region: Region, name: str, address: str = "", centre: ServiceCentre | None = None,
                user=None, year: int | None = None) -> TouristStation:
    """Records a tourist station of an urban district: refuses a county or a region of another level, a district
    outside the user's scope, one more than the pack's maximum, a centre of another district."""
    _version, rules = centre_rules(year)
    if region.level != Region.Level.COUNTY or not is_urban_district(region):
        raise ValidationError({"region": _("%(name)s is not an urban district: tourist stations are built in "
                                           "urban districts only.") % {"name": region.name}})
    _check_scope(scope, region)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the station's name.")})
    if centre is not None and not centre.region.path.startswith(region.path):
        raise ValidationError({"centre": _("The centre is not in %(name)s.") % {"name": region.name}})
    if TouristStation.objects.filter(region=region).count() >= rules.stations_max:
        raise ValidationError(_("%(name)s already has %(max)s tourist stations, the most the standard allows.")
                              % {"name": region.name, "max": rules.stations_max})
    station = TouristStation.objects.create(region=region, name=name[:100], address=(address or "").strip()[:200],
                                            centre=centre, created_by=user)
    audit.record(station, ChangeLog.Action.CREATE, user=user, source=SOURCE)
    rebuild_rollups([region])
    return station


# --- smart-platform rating -------------------------------------------------------------------------------------------

@transaction.atomic
def rate_platform(*, scope, region: Region, year: int, scores: dict, evidence: dict | None = None,
                  model_sites=(), user=None) -> PlatformRating:
    """Rates a county's platform for `year` (or rates it again): refuses a region that is not a county or is
    outside the user's scope, a user not of the level the pack names, a score missing or outside 0..its most
    points, a model site of an unknown level or without a name. Stores the total and the grade."""
    version, rules = platform_rules(year)
    if region.level != Region.Level.COUNTY:
        raise ValidationError({"region": _("Only a county or district's platform is rated.")})
    if not scope.is_all:
        role = getattr(scope, "role", None)
        if role is None or role.kind != rules.rated_by:
            raise ValidationError(_("Only the %(level)s rates the platforms.")
                                  % {"level": RegionLevel(rules.rated_by).label})
    _check_scope(scope, region)
    errors, clean = {}, {}
    for c in rules.criteria:
        raw = (scores or {}).get(c.code)
        message = _("%(criterion)s: give a score from 0 to %(max)s.") % {"criterion": _label(c.label),
                                                                      "max": plain(c.max_points)}
        try:
            value = _decimal(raw, c.code, message)
            if value < 0 or value > c.max_points:
                raise ValidationError(message)
            clean[c.code] = str(value)
        except ValidationError:
            errors[c.code] = message
    levels = {x["code"] for x in rules.model_site_levels}
    sites = []
    for site in model_sites or ():
        site_name = (site.get("name") or "").strip()
        if site.get("level") not in levels or not site_name:
            errors["model_sites"] = _("A model site needs a level (county, township or village) and a name.")
            break
        sites.append({"level": site["level"], "name": site_name[:100]})
    if errors:
        raise ValidationError(errors)
    total = rules.total({k: Decimal(v) for k, v in clean.items()})
    notes = {c.code: (evidence or {}).get(c.code, "").strip()[:500] for c in rules.criteria
             if (evidence or {}).get(c.code, "").strip()}
    rating = PlatformRating.objects.filter(region=region, year=year).first()
    before = audit.snapshot(rating) if rating else None
    rating = rating or PlatformRating(region=region, year=year)
    rating.scores, rating.evidence, rating.model_sites = clean, notes, sites
    rating.total, rating.grade = total, rules.grade(total)["code"]
    rating.judged_by, rating.rated_by = f"{version.pack_id}@{version.version}", user
    rating.save()
    audit.record(rating, ChangeLog.Action.CREATE if before is None else ChangeLog.Action.UPDATE, user=user,
                 before=before, source=SOURCE)
    return rating
