"""The sample city's party-mass service centres (M15, C15), tourist stations and smart-platform ratings (M17):
a centre for the city, each urban district, each of its streets and each community (its committee), a share of
them short of one item; 1–2 tourist stations per urban district; a rating of each county's platform with model
sites at county, township and village level. Judged by the pack (guifan.standards.centre_rules) as
guifan.centres.actions judges; written in bulk, then the region roll-ups are rebuilt once. Numbers in
data/sample-figures.yaml (`centres`)."""

from __future__ import annotations

import random
from decimal import Decimal

from guifan.centres.actions import is_urban_district, plain, rebuild_rollups
from guifan.centres.models import CentreRollup, PlatformRating, ServiceCentre, TouristStation
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region
from guifan.seeding.sample_figures import params


def settings() -> dict:
    return params()["centres"]


def clear() -> None:
    TouristStation.objects.all().delete()
    ServiceCentre.objects.all().delete()
    PlatformRating.objects.all().delete()
    CentreRollup.objects.all().delete()


def _centre(rules, level, rng, spec, *, name, region, organisation=None) -> ServiceCentre:
    low, high = spec["area_separate"] if level.site == "separate" else spec["area_shared"]
    fields = {"area_m2": Decimal(rng.randint(low, high)), "staff": rng.randint(*spec["staff"]), "own_site": True,
              "function_areas": [i["id"] for i in rules.items], "rules_present": True}
    if rng.random() < spec["short_share"]:
        miss = rng.choice(["area", "function", "staff", "rules"] if level.min_area_m2 else
                          ["function", "staff", "rules"])
        if miss == "area":
            fields["area_m2"] = (level.min_area_m2 * Decimal("0.7")).quantize(Decimal(1))
        elif miss == "function":
            fields["function_areas"] = fields["function_areas"][:-1]
        elif miss == "staff":
            fields["staff"] = max(0, rules.staff_min - 1)
        else:
            fields["rules_present"] = False
    verdicts = rules.judge(level, area=fields["area_m2"], staff=fields["staff"], own_site=True,
                           function_areas=fields["function_areas"], rules_present=fields["rules_present"])
    return ServiceCentre(level=level.code, name=name[:100], region=region, organisation=organisation,
                         verdicts=verdicts, passed=all(verdicts.values()), **fields)


def write_sample(version, pack, year: int, *, seed: int = 1) -> dict:
    """Replaces the sample's centres, stations and `year`'s platform ratings; returns counts."""
    rules, platform, spec = pack.centres, pack.platform, settings()
    if rules is None:
        return {}
    clear()
    rng = random.Random(seed)
    judged = f"{version.pack_id}@{version.version}"
    levels = {x.code: x for x in rules.levels}
    city = Region.objects.filter(level=Region.Level.CITY).order_by("code").first()
    counties = list(Region.objects.filter(level=Region.Level.COUNTY, valid_to__isnull=True).order_by("code"))
    districts = [r for r in counties if is_urban_district(r)]
    centres = []
    if city is not None and "city" in levels:
        centres.append(_centre(rules, levels["city"], rng, spec, name=f"{city.name}党群服务中心", region=city))
    for district in districts:
        if "district" in levels:
            centres.append(_centre(rules, levels["district"], rng, spec, name=f"{district.name}党群服务中心",
                                   region=district))
    streets = [r for r in Region.objects.filter(level=Region.Level.TOWNSHIP, valid_to__isnull=True,
                                                parent__in=districts).order_by("code") if r.is_street]
    if "street" in levels:
        centres += [_centre(rules, levels["street"], rng, spec, name=f"{s.name}党群服务中心", region=s)
                    for s in streets]
    community = levels.get("community")
    if community is not None:
        seen = set()
        orgs = (Organisation.objects.filter(host_unit__kind__in=community.hosts, dissolved_on__isnull=True)
                .exclude(kind=Organisation.Kind.GROUP).select_related("host_unit", "region").order_by("depth", "pk"))
        for org in orgs:
            if org.host_unit_id in seen:
                continue
            seen.add(org.host_unit_id)
            centres.append(_centre(rules, community, rng, spec, name=f"{org.host_unit.name}党群服务中心",
                                   region=org.region, organisation=org))
    for c in centres:
        c.judged_by = judged
    ServiceCentre.objects.bulk_create(centres, batch_size=1000)
    by_region = {c.region_id: c for c in ServiceCentre.objects.filter(level="district")}
    names = iter(spec["station_names"] * 3)
    stations = []
    for district in districts:
        for _ in range(max(rules.stations_min, min(rules.stations_max, rng.randint(*spec["stations_per_district"])))):
            stations.append(TouristStation(region=district, centre=by_region.get(district.pk),
                                           name=f"{next(names)}党群旅游驿站"))
    TouristStation.objects.bulk_create(stations)
    ratings = []
    if platform is not None:
        levels_sites = {x["code"] for x in platform.model_site_levels}
        for county in counties:
            scores = {c.code: plain((c.max_points * Decimal(str(rng.uniform(*spec["platform_share"]))))
                                    .quantize(Decimal("0.5") if c.max_points >= 2 else Decimal("0.1")).min(
                                        c.max_points)) for c in platform.criteria}
            total = platform.total({k: Decimal(v) for k, v in scores.items()})
            sites = _model_sites(county, spec["model_sites"], levels_sites, rng)
            ratings.append(PlatformRating(region=county, year=year, scores=scores, total=total,
                                          grade=platform.grade(total)["code"], model_sites=sites, judged_by=judged))
        PlatformRating.objects.bulk_create(ratings)
    rebuild_rollups([c.region for c in centres] + [s.region for s in stations])
    return {"centres": len(centres), "passed": sum(c.passed for c in centres), "stations": len(stations),
            "ratings": len(ratings)}


def _model_sites(county, counts: dict, levels: set, rng) -> list[dict]:
    sites = []
    if "county" in levels:
        sites += [{"level": "county", "name": f"{county.name}智慧党建指挥中心"}][:counts.get("county", 0)]
    townships = list(Region.objects.filter(parent=county, valid_to__isnull=True).order_by("code"))
    if "township" in levels and townships:
        sites += [{"level": "township", "name": f"{t.name}智慧党建示范点"}
                  for t in rng.sample(townships, min(len(townships), counts.get("township", 0)))]
    units = list(HostUnit.objects.filter(region__parent=county, kind__in=(
        HostUnit.Kind.ADMIN_VILLAGE, HostUnit.Kind.COMMUNITY)).order_by("pk")[:200])
    if "village" in levels and units:
        sites += [{"level": "village", "name": f"{u.name}智慧党建示范点"}
                  for u in rng.sample(units, min(len(units), counts.get("village", 0)))]
    return sites
