"""The sample centres (guifan.seeding.centres, run by seed_activities): a city centre, one per urban district and
street, one per community; 1–2 tourist stations per urban district; a platform rating per county; the stored
roll-ups agree with the rows; run again, it replaces rather than adds."""

from guifan.centres.actions import is_urban_district
from guifan.centres.models import CentreRollup, PlatformRating, ServiceCentre, TouristStation
from guifan.regions.models import Region
from guifan.seeding.centres import write_sample

from .conftest import YEAR


def test_the_sample_has_every_level(world, pack_version):
    counts = write_sample(pack_version, pack_version.pack(), YEAR, seed=2)
    districts = [r for r in Region.objects.filter(level="county") if is_urban_district(r)]
    assert len(districts) == 6  # 秀峰、叠彩、象山、七星、雁山、临桂
    assert ServiceCentre.objects.filter(level="city").count() == 1
    assert ServiceCentre.objects.filter(level="district").count() == 6
    assert ServiceCentre.objects.filter(level="street").count() > 0
    assert ServiceCentre.objects.get(level="community").organisation == world["community_org"]
    assert all(1 <= TouristStation.objects.filter(region=d).count() <= 2 for d in districts)
    assert not TouristStation.objects.exclude(region__in=districts).exists()
    counties = Region.objects.filter(level="county", valid_to__isnull=True)
    assert PlatformRating.objects.filter(year=YEAR).count() == counties.count()
    assert any(s["level"] == "village" for r in PlatformRating.objects.all() for s in r.model_sites)
    city = CentreRollup.objects.get(region__level="city")
    assert sum(n for n, _p in city.counts.values()) == ServiceCentre.objects.count() == counts["centres"]
    assert sum(p for _n, p in city.counts.values()) == ServiceCentre.objects.filter(passed=True).count()
    assert city.stations == TouristStation.objects.count()
    write_sample(pack_version, pack_version.pack(), YEAR, seed=2)
    assert ServiceCentre.objects.count() == counts["centres"]
