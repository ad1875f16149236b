"""The sample city's venues and their ratings (阵地评级, M13; guifan.venues): the `venues:` section of
data/sample-figures.yaml. Every organisation at the top of its host unit (the village's or community's committee,
an agency's or enterprise's own) holds a venue. In each year the pack rates, every village and community venue (the
pack's `joint.domains`, from which townships and counties are rated jointly) is rated, the other kinds' venues with
the share `rated_share`; the ticked items are present with a share, the area items judged from the area as the app
does, the photos the pack asks for are one sample image (rows share the stored file:
guifan.venues.models.remove_unshared_file), most grades confirmed by their township. Written in bulk; the roll-ups
rewritten by the app's own recompute."""

from __future__ import annotations

import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from guifan.core.evidence import evidence_storage
from guifan.orgs.models import Organisation
from guifan.venues import actions
from guifan.venues.models import RegionVenueGrade, Venue, VenueCheck, VenuePhoto, VenueRating

from .sample_figures import params

# A 1×1 PNG: the sample's photo of every item that needs one.
SAMPLE_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                           "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f6ab1f0000000049454e44ae426082")
SAMPLE_NAME = "venues/sample/venue-sample.png"


def clear() -> None:
    """Deletes every venue row in a few statements (no signal per photo: the sample's files stay)."""
    for model in (VenuePhoto, VenueCheck, VenueRating, Venue, RegionVenueGrade):
        model.objects.all()._raw_delete(model.objects.db)


def holders() -> list[tuple[int, str, str]]:
    """(pk, name, domain) of each active organisation at the top of its host unit."""
    rows = list(Organisation.objects.filter(dissolved_on__isnull=True, host_unit__isnull=False)
                .values_list("pk", "name", "domain", "host_unit_id", "path"))
    top: dict[int, tuple] = {}
    for pk, name, domain, unit, path in rows:
        depth = path.count("/")
        if unit not in top or depth < top[unit][0]:
            top[unit] = (depth, pk, name, domain)
    return sorted((pk, name, domain) for _d, pk, name, domain in top.values())


def _stored_sample() -> str:
    storage = evidence_storage()
    if not storage.exists(SAMPLE_NAME):
        return storage.save(SAMPLE_NAME, ContentFile(SAMPLE_PNG))
    return SAMPLE_NAME


def write_sample(years, *, seed: int = 1) -> dict:
    """Writes the sample's venues and the ratings of each of `years` the pack rates; returns counts."""
    from guifan.venues.selectors import rules as rules_of

    spec = params()["venues"]
    rng = random.Random(f"venues-{seed}")
    clear()
    now = timezone.now()
    venues = []
    for pk, name, domain in holders():
        low, high = spec["areas"][domain]
        area = Decimal(rng.randint(low * 10, high * 10)) / 10
        venues.append(Venue(organisation_id=pk, name=f"{name}{spec['names'][domain]}"[:100], area=area))
    Venue.objects.bulk_create(venues, batch_size=2000)
    venues = list(Venue.objects.select_related("organisation").order_by("pk"))
    counts = {"venues": len(venues), "ratings": 0, "confirmed": 0, "photos": 0}
    sample = None
    for year in years:
        rules = rules_of(year)
        if rules is None:
            continue
        ratings, plans = [], []
        for venue in venues:
            checklist = rules.checklist_for(venue.organisation.domain)
            always = venue.organisation.domain in rules.joint_domains
            if checklist is None or (not always and rng.random() >= spec["rated_share"]):
                continue
            values = {i.id: (i.area_met(venue.area) if i.from_area else rng.random() < spec["item_present"])
                      for i in checklist.items}
            missing = sum(1 for v in values.values() if not v)
            confirmed = rng.random() < spec["confirmed_share"]
            ratings.append(VenueRating(venue=venue, organisation_id=venue.organisation_id, year=year,
                                       checklist=checklist.code, area=venue.area, items=len(values), missing=missing,
                                       grade=rules.grade(missing).code, recorded_at=now,
                                       confirmed_at=now if confirmed else None))
            plans.append((checklist, values))
        VenueRating.objects.bulk_create(ratings, batch_size=2000)
        saved = {r.venue_id: r for r in VenueRating.objects.filter(year=year)}
        checks = [VenueCheck(rating=saved[r.venue_id], item=item, present=value)
                  for r, (_c, values) in zip(ratings, plans, strict=True) for item, value in values.items()]
        VenueCheck.objects.bulk_create(checks, batch_size=5000)
        needs = {(r.venue_id, i.id) for r, (c, values) in zip(ratings, plans, strict=True) for i in c.items
                 if i.needs_file and values[i.id]}
        sample = sample or _stored_sample()
        photos = [VenuePhoto(venue_check=c, file=sample, name="阵地照片.png", size=len(SAMPLE_PNG),
                             content_type="image/png")
                  for c in VenueCheck.objects.filter(rating__year=year).select_related("rating")
                  if (c.rating.venue_id, c.item) in needs]
        VenuePhoto.objects.bulk_create(photos, batch_size=5000)
        actions.recompute(year)
        counts["ratings"] += len(ratings)
        counts["confirmed"] += sum(1 for r in ratings if r.confirmed_at)
        counts["photos"] += len(photos)
    return counts
