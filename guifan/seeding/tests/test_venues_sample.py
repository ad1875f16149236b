"""The sample city's venues (M13; guifan.seeding.venues): a venue per host unit's top organisation, ratings graded
by the pack as the app grades them, photos where the pack asks for them, roll-ups written."""

from guifan.orgs.models import Organisation
from guifan.seeding import venues
from guifan.standards.selectors import ensure_shipped_pack_loaded
from guifan.venues.models import RegionVenueGrade, Venue, VenueCheck, VenuePhoto, VenueRating


def test_sample_venues_are_graded_by_the_pack(tiny):
    rules = ensure_shipped_pack_loaded().pack().venues
    counts = venues.write_sample([2017, 2018])
    assert counts["venues"] == Venue.objects.count() > 0
    assert counts["ratings"] == VenueRating.objects.filter(year=2018).count() > 0  # 2017: no pack in effect
    assert {o.domain for o in Organisation.objects.filter(venues__isnull=False)} >= {"R", "U"}
    # every village and community venue is rated (the joint grades are computed from them)
    joint = Venue.objects.filter(organisation__domain__in=rules.joint_domains)
    assert joint.exists() and not joint.exclude(ratings__year=2018).exists()
    villages = Organisation.objects.filter(domain__in=rules.joint_domains, dissolved_on__isnull=True,
                                           host_unit__isnull=False).values("host_unit").distinct().count()
    assert joint.count() == villages
    for rating in VenueRating.objects.all()[:50]:
        missing = VenueCheck.objects.filter(rating=rating, present=False).count()
        assert rating.missing == missing and rating.grade == rules.grade(missing).code
    needs = {(c.code, i.id) for c in rules.checklists for i in c.items if i.needs_file}
    for check in VenueCheck.objects.filter(present=True).select_related("rating")[:200]:
        assert check.photos.exists() == ((check.rating.checklist, check.item) in needs)
    city = RegionVenueGrade.objects.get(year=2018, level="city")
    assert city.venues == VenueRating.objects.filter(confirmed_at__isnull=False).count()
    assert VenuePhoto.objects.count() == counts["photos"]
    # written again: replaced, not added to
    venues.write_sample([2018])
    assert VenueRating.objects.count() == counts["ratings"] and Venue.objects.count() == counts["venues"]
