"""Every change to venues and their ratings (阵地评级, M13). One atomic action per write: it checks everything first
(the user's scope, the area, each item and its evidence, the files) and writes nothing when refused, with a Chinese
message in the user's language; then the rows, their change log and the region roll-ups (guifan.venues.rollups).

- `save_venue`: an organisation's venue (name, usable area, address).
- `record_checks`: a year's checks of a venue against the checklist the pack gives the organisation's domain
  (V10R, V10U, V8); an item judged from the area is never ticked; an item marked present needs a file where the
  pack asks for evidence (a new upload or the one kept from before). The grade is the pack's band for the items
  missing; a new record clears an earlier confirmation.
- `confirm_ratings`: the pack's `rated_by` level (the township) confirms its venues' grades; only confirmed
  grades are counted in the roll-ups and the joint grade.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.accounts.scope import Scope
from guifan.core import audit, evidence
from guifan.core.models import ChangeLog

from . import rollups
from .models import Venue, VenueCheck, VenuePhoto, VenueRating
from .selectors import rules as rules_of
from .selectors import text

SOURCE = "venues"
PLATFORM = None  # user None: the platform itself (the sample city's seeding)


def _may_edit(user, organisation) -> bool:
    if user is PLATFORM:
        return True
    scope = Scope(user)
    return scope.can_edit and scope.organisations().filter(pk=organisation.pk).exists()


def _rules(year: int):
    found = rules_of(year)
    if found is None:
        raise ValidationError(_("The standard pack in effect in %(year)s gives no venue rating.") % {"year": year})
    return found


def as_area(raw, area_max: Decimal) -> Decimal:
    """A usable area in m² (two decimals at most), more than 0 and at most the pack's `area_max_m2`."""
    try:
        area = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("The usable area must be a number of square metres, e.g. 240.5.")) from None
    if not area.is_finite() or area <= 0:
        raise ValidationError(_("The usable area must be more than 0 square metres."))
    if area > area_max:
        raise ValidationError(_("A usable area of %(area)s m² is not believable: at most %(max)s m². Check the "
                                "figure (square metres, not square feet).") % {"area": area, "max": area_max})
    if area.as_tuple().exponent < -2:
        raise ValidationError(_("The usable area takes two decimals at most."))
    return area


@transaction.atomic
def save_venue(organisation, user, *, name: str, area, address: str = "", year: int | None = None) -> Venue:
    """Creates or updates the organisation's venue; refuses a user outside the organisation's scope, an empty name,
    an area not more than 0 or above the pack's largest believable area."""
    from .selectors import default_year

    if not _may_edit(user, organisation):
        raise ValidationError(_("%(org)s is outside your scope: you may not record its venue.")
                              % {"org": organisation.name})
    rules = _rules(year or default_year())
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the venue a name, e.g. 某某村党群服务中心."))
    if len(name) > 100 or len(address or "") > 200:
        raise ValidationError(_("The venue's name is at most 100 characters and its address at most 200."))
    area = as_area(area, rules.area_max)
    venue = Venue.objects.select_for_update().filter(organisation=organisation).first()
    before = audit.snapshot(venue) if venue else None
    if venue is None:
        venue = Venue(organisation=organisation)
    venue.name, venue.area, venue.address = name, area, (address or "").strip()
    venue.save()
    audit.record(venue, ChangeLog.Action.UPDATE if before else ChangeLog.Action.CREATE, user, before, SOURCE,
                 organisation)
    return venue


@transaction.atomic
def record_checks(venue, year: int, user, present: dict[str, bool], uploads: dict | None = None) -> VenueRating:
    """Records the year's checks of `venue`: `present` {item id: bool} for the ticked items (an item left out is
    absent), `uploads` {item id: file} the new evidence. Raises ValidationError (nothing written) when refused."""
    uploads = {k: v for k, v in (uploads or {}).items() if v}
    organisation = venue.organisation
    if not _may_edit(user, organisation):
        raise ValidationError(_("%(org)s is outside your scope: you may not rate its venue.")
                              % {"org": organisation.name})
    rules = _rules(year)
    checklist = rules.checklist_for(organisation.domain)
    if checklist is None:
        raise ValidationError(_("The standard pack gives no venue checklist for this kind of organisation."))
    known = {i.id for i in checklist.items}
    unknown = sorted((set(present) | set(uploads)) - known)
    if unknown:
        raise ValidationError(_("%(items)s is not an item of the checklist “%(list)s”.")
                              % {"items": "、".join(unknown), "list": text(checklist.title)})
    rating = VenueRating.objects.select_for_update().filter(venue=venue, year=year).first()
    kept = set()
    if rating is not None:
        kept = set(VenuePhoto.objects.filter(venue_check__rating=rating).values_list("venue_check__item", flat=True))
    checked = {}
    for item_id, upload in uploads.items():
        try:
            checked[item_id] = evidence.checked_upload(upload)
        except ValidationError as exc:
            label = text(checklist.item(item_id).label)
            raise ValidationError(_("%(item)s: %(error)s") % {"item": label, "error": " ".join(exc.messages)}) from None
    values = {}
    for item in checklist.items:
        if item.from_area:
            values[item.id] = item.area_met(venue.area)
        else:
            values[item.id] = bool(present.get(item.id))
        if values[item.id] and item.needs_file and item.id not in uploads and item.id not in kept:
            what = text(item.evidence) or _("a photo")
            raise ValidationError(_("“%(item)s” is marked present without its evidence: upload %(what)s, or leave "
                                    "the item unticked.") % {"item": text(item.label), "what": what})
    missing = sum(1 for v in values.values() if not v)
    grade = rules.grade(missing)
    now = timezone.now()
    before = audit.snapshot(rating) if rating else None
    if rating is None:
        rating = VenueRating(venue=venue, organisation=organisation, year=year)
    rating.checklist, rating.area, rating.items, rating.missing = checklist.code, venue.area, len(values), missing
    rating.grade, rating.recorded_by, rating.recorded_at = grade.code, user, now
    rating.confirmed_by, rating.confirmed_at = None, None
    rating.save()
    checks = {c.item: c for c in rating.checks.all()}
    for item_id, value in values.items():
        check = checks.get(item_id) or VenueCheck(rating=rating, item=item_id)
        if check.pk is None or check.present != value:
            check.present = value
            check.save()
        checks[item_id] = check
    VenueCheck.objects.filter(rating=rating).exclude(item__in=list(values)).delete()
    audit.record(rating, ChangeLog.Action.UPDATE if before else ChangeLog.Action.CREATE, user, before, SOURCE,
                 organisation)
    for item_id, upload in uploads.items():
        VenuePhoto.objects.filter(venue_check=checks[item_id]).delete()
        evidence.store(VenuePhoto(venue_check=checks[item_id]), upload, user=user, source=SOURCE, related=organisation)
    rollups.refresh(year, rules)
    return rating


@transaction.atomic
def confirm_ratings(region, year: int, user, rating_ids=None) -> int:
    """The region (of the pack's `rated_by` level) confirms the grades of its venues recorded in `year` (all
    waiting, or those of `rating_ids`); returns how many. Refused for a region of another level, a user outside
    the region, a rating not of the region, or nothing to confirm."""
    rules = _rules(year)
    if region.level != rules.rated_by:
        raise ValidationError(_("Venue grades are confirmed by a region of the level “%(level)s”, not by %(region)s.")
                              % {"level": rules.level_label(), "region": region.name})
    if user is not PLATFORM:
        scope = Scope(user)
        if not (scope.is_all or (scope.region is not None and scope.covers_region(region))):
            raise ValidationError(_("%(region)s is outside your scope: you may not confirm its venues' grades.")
                                  % {"region": region.name})
    qs = VenueRating.objects.select_for_update().filter(year=year, confirmed_at__isnull=True)
    mine = qs.filter(organisation__region__path__startswith=region.path)
    if rating_ids is not None:
        ids = {int(i) for i in rating_ids}
        if VenueRating.objects.filter(pk__in=ids).exclude(organisation__region__path__startswith=region.path).exists():
            raise ValidationError(_("A venue whose grade is confirmed is not in %(region)s.")
                                  % {"region": region.name})
        mine = mine.filter(pk__in=ids)
    found = list(mine.select_related("organisation"))
    if not found:
        raise ValidationError(_("No venue grade of %(region)s is waiting for confirmation in %(year)s.")
                              % {"region": region.name, "year": year})
    now = timezone.now()
    logs = []
    for rating in found:
        rating.confirmed_by, rating.confirmed_at = user, now
        logs.append(audit.entry(rating, ChangeLog.Action.APPROVE, user, {"confirmed_at": None},
                                {"confirmed_at": now.isoformat(), "grade": rating.grade}, SOURCE,
                                rating.organisation))
    VenueRating.objects.bulk_update(found, ["confirmed_by", "confirmed_at"], batch_size=2000)
    ChangeLog.objects.bulk_create(logs)
    rollups.refresh(year, rules)
    return len(found)


@transaction.atomic
def recompute(year: int) -> int:
    """Rewrites the year's roll-ups (`guifan seed` and after a pack is loaded)."""
    return rollups.refresh(year, rules_of(year))
