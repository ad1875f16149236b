"""Every change to the model sites (M02), one atomic function each: nominate against the kind's creation standard,
review (the county recommends or not, with a reason), select into a grade within the pack's quota, withdraw a
selection, publish the year's list. Each validates first and raises ValidationError with a translated message,
writing nothing; each writes its change log. The rules (creation standards, grades, quotas, who takes each step)
are the pack's (guifan.standards.model_site_rules) of the year's official run, else of the pack in effect.

The check reads stored results only: the official run's OrganisationResult (stars, verdicts, rectification) and
the published rating of the year (its stars win over the run's, as the funding does); the register's secretary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.assessment.selectors import pack_of
from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.core.vocabulary import RegionLevel
from guifan.orgs.models import Organisation
from guifan.rating.models import Rating
from guifan.standards.models import PackVersion
from guifan.standards.selectors import pack_for_year

from .models import Nomination, Publication

SOURCE = "modelsites"
PASSED = "pass"
State = Nomination.State
CHOSEN = (State.SELECTED, State.PUBLISHED)


def lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def joined(reasons: list) -> str:
    return ("; " if lang() == "en" else "；").join(reasons)


def text(label: dict) -> str:
    return label.get(lang()) or label.get("zh") or ""


def official_run(year: int) -> AssessmentRun | None:
    return AssessmentRun.objects.official().filter(year=year).select_related("pack_version").first()


def pack_of_year(year: int):
    """The pack of the year's official run, else the pack in effect in the year."""
    run = official_run(year)
    if run is not None:
        return pack_of(run.pack_version)
    try:
        return pack_of(pack_for_year(year))
    except PackVersion.DoesNotExist as exc:
        raise ValidationError(_("No standard is in effect in %(year)s.") % {"year": year}) from exc


def rules_of_year(year: int):
    rules = pack_of_year(year).model_sites
    if rules is None:
        raise ValidationError(_("The standard of %(year)s sets no model sites.") % {"year": year})
    return rules


def condition_label(code: str) -> str:
    """An extra condition of a creation standard (model_site_rules.CONDITIONS) in the user's words."""
    return {"not_rectification_candidate": _("Not a weak and lax (rectification) candidate in the official "
                                             "assessment"),
            "secretary_in_post": _("The secretary post is filled")}.get(code, code)


@dataclass
class Standing:
    """An organisation against its kind's creation standard in a year, from stored results."""

    run: AssessmentRun | None
    stars: int | None
    stars_source: str  # "rating", "assessment" or ""
    passed: list = field(default_factory=list)  # [criterion title]
    failures: list = field(default_factory=list)  # [reason, in the user's language]

    @property
    def meets(self) -> bool:
        return not self.failures


def _stars(organisation, year: int, run, pack, result) -> tuple[int | None, str]:
    published = pack.rating.last.code if pack.rating else None
    if published:
        rated = (Rating.objects.filter(organisation=organisation, year=year, stage=published)
                 .values_list("stars", flat=True).first())
        if rated is not None:
            return rated, "rating"
    if result is not None and result.stars is not None:
        return result.stars, "assessment"
    return None, ""


def star_label(pack, stars: int) -> str:
    band = next((b for b in pack.star_bands if b["stars"] == stars), None)
    return text(band["label"]) if band and band.get("label") else str(stars)


def standing(organisation: Organisation, year: int, grade: str | None = None) -> Standing:
    """How the organisation stands against its kind's standard (and the grade's star level when given)."""
    rules = rules_of_year(year)
    kind = rules.kind(organisation.domain)
    run = official_run(year)
    if kind is None:
        return Standing(run, None, "", failures=[_("The standard sets no model sites for this kind of "
                                                   "organisation.")])
    if run is None:
        return Standing(None, None, "", failures=[_("There is no official assessment of %(year)s: model sites "
                                                    "are judged by its results.") % {"year": year}])
    pack = pack_of(run.pack_version)
    result = OrganisationResult.objects.filter(run=run, organisation=organisation).first()
    if result is None:
        return Standing(run, None, "", failures=[_("The official assessment of %(year)s did not judge this "
                                                   "organisation.") % {"year": year}])
    stars, source = _stars(organisation, year, run, pack, result)
    out = Standing(run, stars, source)
    need = rules.min_stars(kind, grade)
    if stars is None or stars < need:
        out.failures.append(_("Its star level is %(stars)s; %(need)s or above is needed.") % {
            "stars": star_label(pack, stars) if stars else _("none"), "need": star_label(pack, need)})
    titles = {c.id: c.title for c in pack.criteria}
    for criterion in kind.must_pass:
        verdict = (result.verdicts.get(criterion) or [None])[0]
        title = text(titles[criterion]) if criterion in titles else criterion
        if verdict is None:
            continue  # the criterion does not apply to this organisation
        if verdict == PASSED:
            out.passed.append(title)
        else:
            out.failures.append(_("“%(criterion)s” is not passed in the official assessment.") % {"criterion": title})
    if "not_rectification_candidate" in kind.conditions and result.rectification:
        out.failures.append(_("It is a rectification candidate (weak and lax) in the official assessment."))
    if "secretary_in_post" in kind.conditions and organisation.secretary_id is None:
        out.failures.append(_("Its secretary post is vacant."))
    return out


def _level_of(scope) -> str | None:
    role = scope.role
    return role.kind if role is not None and role.kind in RegionLevel.values else None


def _check_level(scope, levels: tuple[str, ...], organisation: Organisation | None, what: str) -> str:
    """The acting level: a user of one of the pack's levels whose region holds the organisation, or an administrator
    of everything (who acts as the first level)."""
    if scope.is_all:
        return levels[0]
    level = _level_of(scope)
    inside = organisation is None or scope.organisations().filter(pk=organisation.pk).exists()
    if level not in levels or not inside:
        raise ValidationError(_("Only the %(levels)s may %(what)s.") % {
            "levels": "、".join(str(RegionLevel(x).label) for x in levels), "what": what})
    return level


def _published(year: int) -> None:
    if Publication.objects.filter(year=year).exists():
        raise ValidationError(_("The model-site list of %(year)s is already published: it can no longer change.")
                              % {"year": year})


def _log(obj, action, user, before=None):
    audit.record(obj, action, user=user, before=before, source=SOURCE)


@transaction.atomic
def nominate(organisation: Organisation, year: int, *, scope, statement: str = "", user=None) -> Nomination:
    """A township or a county nominates an organisation of its region; refused, with every reason named, when the
    organisation does not meet its kind's creation standard."""
    rules = rules_of_year(year)
    level = _check_level(scope, rules.levels("nominate"), organisation, _("nominate a model site"))
    _published(year)
    if organisation.kind == Organisation.Kind.GROUP:
        raise ValidationError(_("A party group cannot be a model site."))
    if Nomination.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError(_("%(organisation)s is already nominated in %(year)s.")
                              % {"organisation": organisation.name, "year": year})
    found = standing(organisation, year)
    if not found.meets:
        kind = rules.kind(organisation.domain)
        raise ValidationError(_("%(organisation)s does not meet the creation standard of %(kind)s: %(reasons)s") % {
            "organisation": organisation.name, "kind": text(kind.label) if kind else "",
            "reasons": joined(found.failures)})
    nomination = Nomination.objects.create(
        organisation=organisation, year=year, domain=organisation.domain, statement=(statement or "").strip()[:4000],
        run=found.run, stars=found.stars, nominated_level=level, nominated_by=user)
    _log(nomination, ChangeLog.Action.CREATE, user)
    return nomination


@transaction.atomic
def review(nomination: Nomination, *, scope, approve: bool, reason: str = "", user=None) -> Nomination:
    """The county recommends a nomination to the city or not; not recommending needs a reason."""
    rules = rules_of_year(nomination.year)
    _check_level(scope, rules.levels("review"), nomination.organisation, _("review a model-site nomination"))
    if nomination.state != State.NOMINATED:
        raise ValidationError(_("This nomination has already been reviewed."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the nomination is not recommended.")})
    before = audit.snapshot(nomination)
    nomination.state = State.APPROVED if approve else State.REJECTED
    nomination.reviewed_by, nomination.reviewed_at, nomination.review_reason = user, timezone.now(), reason[:300]
    nomination.save()
    _log(nomination, ChangeLog.Action.APPROVE if approve else ChangeLog.Action.RETURN, user, before)
    return nomination


def chosen_counts(year: int) -> dict:
    """{(domain, grade): selected or published} of the year."""
    rows = (Nomination.objects.filter(year=year, state__in=CHOSEN).order_by()
            .values_list("domain", "grade"))
    counts: dict = {}
    for key in rows:
        counts[key] = counts.get(key, 0) + 1
    return counts


@transaction.atomic
def select(nomination: Nomination, *, scope, grade: str, user=None) -> Nomination:
    """The city selects a recommended nomination into a grade: within the pack's quota of its kind and grade, and
    meeting the standard again (with the grade's star level) on the stored results of now."""
    rules = rules_of_year(nomination.year)
    _check_level(scope, rules.levels("select"), nomination.organisation, _("select a model site"))
    _published(nomination.year)
    if nomination.state != State.APPROVED:
        raise ValidationError(_("Only a nomination the county recommended can be selected."))
    g, kind = rules.grade(grade), rules.kind(nomination.domain)
    if g is None:
        raise ValidationError({"grade": _("Choose a grade of the standard.")})
    # Lock the kind's nominations of the year so that two selections cannot both take the last place.
    list(Nomination.objects.select_for_update().filter(year=nomination.year, domain=nomination.domain)
         .values_list("pk", flat=True))
    quota = kind.quota(grade) if kind else 0
    taken = Nomination.objects.filter(year=nomination.year, domain=nomination.domain, grade=grade,
                                      state__in=CHOSEN).count()
    if taken >= quota:
        raise ValidationError(_("The quota of %(grade)s for %(kind)s is %(quota)s and already taken: withdraw a "
                                "selection first.") % {"grade": text(g.label), "kind": text(kind.label) if kind else "",
                                                       "quota": quota})
    found = standing(nomination.organisation, nomination.year, grade)
    if not found.meets:
        raise ValidationError(_("%(organisation)s does not meet the standard of %(grade)s: %(reasons)s") % {
            "organisation": nomination.organisation.name, "grade": text(g.label), "reasons": joined(found.failures)})
    before = audit.snapshot(nomination)
    nomination.state, nomination.grade = State.SELECTED, grade
    nomination.selected_by, nomination.selected_at, nomination.stars = user, timezone.now(), found.stars
    nomination.save()
    _log(nomination, ChangeLog.Action.APPROVE, user, before)
    return nomination


@transaction.atomic
def withdraw_selection(nomination: Nomination, *, scope, user=None) -> Nomination:
    """Before publication the city may take a selection back: the nomination is recommended again."""
    rules = rules_of_year(nomination.year)
    _check_level(scope, rules.levels("select"), nomination.organisation, _("select a model site"))
    _published(nomination.year)
    if nomination.state != State.SELECTED:
        raise ValidationError(_("This nomination is not selected."))
    before = audit.snapshot(nomination)
    nomination.state, nomination.grade, nomination.selected_by, nomination.selected_at = State.APPROVED, "", None, None
    nomination.save()
    _log(nomination, ChangeLog.Action.UPDATE, user, before)
    return nomination


@transaction.atomic
def publish(year: int, *, scope, user=None) -> Publication:
    """The city publishes the year's selection as the list of model sites; after that the year's list is closed."""
    rules = rules_of_year(year)
    _check_level(scope, rules.levels("publish"), None, _("publish the model-site list"))
    _published(year)
    chosen = list(Nomination.objects.select_for_update().filter(year=year, state=State.SELECTED)
                  .select_related("organisation", "organisation__region"))
    if not chosen:
        raise ValidationError(_("No model site is selected in %(year)s yet.") % {"year": year})
    now = timezone.now()
    entries = []
    for x in chosen:
        before = audit.snapshot(x)
        x.state, x.published_at = State.PUBLISHED, now
        entries.append(audit.entry(x, ChangeLog.Action.APPROVE, user, before=before, after=audit.snapshot(x),
                                   source=SOURCE))
    Nomination.objects.bulk_update(chosen, ["state", "published_at"], batch_size=500)
    publication = Publication.objects.create(year=year, sites=len(chosen), published_by=user)
    ChangeLog.objects.bulk_create(entries, batch_size=500)
    audit.record(publication, ChangeLog.Action.CREATE, user=user, source=SOURCE)
    return publication
