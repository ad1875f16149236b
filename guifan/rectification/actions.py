"""Every change to the weak and lax list (M03), one atomic function each: propose from an official run, name by hand,
confirm (its failed criteria become tasks), evidence, close a task, report progress, the 村霸 record, sign off.
Each validates first and raises ValidationError with a translated message, writing nothing; each writes its change
log. The rules (target stars, who confirms and signs off, a task's days, the situations) are the pack's
(guifan.standards.rectification_rules): of the run that proposed or reassessed, else of the year's pack.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.assessment.selectors import pack_of
from guifan.core import audit, evidence
from guifan.core.models import ChangeLog
from guifan.orgs.models import Organisation
from guifan.standards.models import PackVersion
from guifan.standards.selectors import pack_for_year

from .models import Listing, ProgressReport, Task, TaskFile

SOURCE = "rectification"
FAILED = "fail"


def rules_of_year(year: int):
    """The rectification rules of the pack in effect in `year`."""
    try:
        return pack_of(pack_for_year(year)).rectification_rules
    except PackVersion.DoesNotExist as exc:
        raise ValidationError(_("No standard is in effect in %(year)s.") % {"year": year}) from exc


def _check_level(scope, level: str, organisation: Organisation, what: str) -> None:
    """Only a user of the pack's level whose region holds the organisation (or an administrator of everything)."""
    if scope.is_all:
        return
    role = scope.role
    if role is None or role.kind != level or not scope.organisations().filter(pk=organisation.pk).exists():
        from guifan.core.vocabulary import RegionLevel

        raise ValidationError(_("Only the %(level)s may %(what)s.")
                              % {"level": RegionLevel(level).label, "what": what})


def _log(obj, action, user, before=None, related=None):
    audit.record(obj, action, user=user, before=before, source=SOURCE, related=related)


# --- listing ---------------------------------------------------------------------------------------------------------

def check_may_propose(run: AssessmentRun) -> None:
    if not run.official or run.finished_at is None:
        raise ValidationError(_("Only an official, finished assessment proposes the weak and lax list."))


def propose_from_run(run: AssessmentRun, *, user=None, organisations=None, progress=None) -> int:
    """Proposes, in bulk, every organisation (of `organisations`, a queryset, when given: the user's scope) the
    official `run` shows in a weak-and-lax situation of its pack that is not yet listed in the run's year; returns
    how many were proposed. Reads the stored results only: one pass over the run's rows. `progress(done, total)`,
    when given, hears how many results were read (a background job's progress bar)."""
    check_may_propose(run)
    rules = pack_of(run.pack_version).rectification_rules
    listed = set(Listing.objects.filter(year=run.year).values_list("organisation_id", flat=True))
    results = OrganisationResult.objects.filter(run=run)
    if organisations is not None:
        results = results.filter(organisation__in=organisations)
    total = results.count() if progress is not None else 0
    rows = (results
            .values_list("organisation_id", "stars", "verdicts", "organisation__secretary_id")
            .iterator(chunk_size=2000))
    new = []
    for done, (org_id, stars, verdicts, secretary) in enumerate(rows):
        if progress is not None and done % 1000 == 0:
            progress(done, total)
        if org_id in listed:
            continue
        found = [s.code for s in rules.situations if s.signalled(stars, verdicts or {}, secretary is None)]
        if found:
            new.append(Listing(organisation_id=org_id, year=run.year, source=Listing.Source.PROPOSED,
                               situations=found, run=run, stars=stars, created_by=user))
    if progress is not None:
        progress(total, total)
    with transaction.atomic():  # the rows are read outside it, so that a job's progress is seen as it goes
        Listing.objects.bulk_create(new, batch_size=1000)
        audit.entry(run, ChangeLog.Action.RUN, user, source=SOURCE, after={
            "proposed": len(new), "organisations": [x.organisation_id for x in new][:1000]}).save()
    return len(new)


@transaction.atomic
def name_by_hand(organisation: Organisation, year: int, *, reason: str, user=None, source: str = "web") -> Listing:
    """Lists an organisation the assessment did not propose (2017's 直评联考 lagging list): with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the organisation is listed.")})
    rules_of_year(year)
    if Listing.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError(_("%(organisation)s is already on the weak and lax list of %(year)s.")
                              % {"organisation": organisation.name, "year": year})
    run = AssessmentRun.objects.official().filter(year=year).first()
    result = OrganisationResult.objects.filter(run=run, organisation=organisation).first() if run else None
    listing = Listing.objects.create(organisation=organisation, year=year, source=Listing.Source.NAMED,
                                     reason=reason[:300], run=run, stars=result.stars if result else None,
                                     created_by=user)
    audit.record(listing, ChangeLog.Action.CREATE, user=user, source=source, related=organisation)
    return listing


def _failed_criteria(listing: Listing) -> list:
    """The pack's criteria the organisation failed in the listing's run, in the pack's order."""
    if listing.run is None:
        return []
    result = OrganisationResult.objects.filter(run=listing.run, organisation=listing.organisation_id).first()
    if result is None:
        return []
    pack = pack_of(listing.run.pack_version)
    return [c for c in pack.organisation_criteria if (result.verdicts.get(c.id) or [None])[0] == FAILED]


@transaction.atomic
def confirm(listing: Listing, *, scope, responsible_leader: str, first_secretary: str, user=None,
            today: dt.date | None = None) -> Listing:
    """The confirming level accepts a proposed listing: the responsible leader and the first secretary are named, and
    each criterion the organisation failed becomes a task (owner: the first secretary; deadline: the pack's days)."""
    rules = rules_of_year(listing.year)
    if listing.state != Listing.State.PROPOSED:
        raise ValidationError(_("This listing has already been confirmed."))
    _check_level(scope, rules.confirmed_by, listing.organisation, _("confirm the weak and lax list"))
    leader, secretary = (responsible_leader or "").strip(), (first_secretary or "").strip()
    errors = {}
    if not leader:
        errors["responsible_leader"] = _("Name the responsible leader.")
    if not secretary:
        errors["first_secretary"] = _("Name the first secretary.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(listing)
    deadline = (today or timezone.localdate()) + dt.timedelta(days=rules.task_days)
    Task.objects.bulk_create([
        Task(listing=listing, criterion=c.id, title=c.title["zh"][:200], advice=(c.advice or {}).get("zh", ""),
             owner=secretary, deadline=deadline) for c in _failed_criteria(listing)])
    listing.state, listing.confirmed_by, listing.confirmed_at = Listing.State.CONFIRMED, user, timezone.now()
    listing.responsible_leader, listing.first_secretary = leader[:50], secretary[:50]
    listing.save()
    _log(listing, ChangeLog.Action.APPROVE, user, before, listing.organisation)
    return listing


def _being_rectified(listing: Listing) -> None:
    if listing.state != Listing.State.CONFIRMED:
        raise ValidationError(_("Only a confirmed listing that is not signed off can be changed."))


@transaction.atomic
def add_task(listing: Listing, *, title: str, owner: str, deadline: dt.date, user=None) -> Task:
    _being_rectified(listing)
    if not (title or "").strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    task = Task.objects.create(listing=listing, title=title.strip()[:200], owner=(owner or "").strip()[:50],
                               deadline=deadline)
    _log(task, ChangeLog.Action.CREATE, user, related=listing.organisation)
    return task


# --- evidence and progress -------------------------------------------------------------------------------------------

@transaction.atomic
def add_task_file(task: Task, upload, *, user=None) -> TaskFile:
    """Keeps a photo or a PDF as evidence of a task (guifan.core.evidence checks what it is)."""
    _being_rectified(task.listing)
    return evidence.store(TaskFile(task=task), upload, user=user, source=SOURCE, related=task.listing.organisation)


@transaction.atomic
def close_task(task: Task, *, user=None) -> Task:
    """A task is done only with its evidence."""
    _being_rectified(task.listing)
    if task.closed_at is not None:
        raise ValidationError(_("This task is already closed."))
    if not task.files.exists():
        raise ValidationError(_("A task cannot be closed without evidence: upload a photo or a PDF first."))
    before = audit.snapshot(task)
    task.closed_at, task.closed_by = timezone.now(), user
    task.save(update_fields=["closed_at", "closed_by"])
    _log(task, ChangeLog.Action.UPDATE, user, before, task.listing.organisation)
    return task


@transaction.atomic
def report_progress(listing: Listing, *, text: str, user=None) -> ProgressReport:
    _being_rectified(listing)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what has been done.")})
    report = ProgressReport.objects.create(listing=listing, text=text[:4000], reported_by=user)
    _log(report, ChangeLog.Action.CREATE, user, related=listing.organisation)
    return report


@transaction.atomic
def record_village_bully(listing: Listing, *, found: bool, action: str, user=None) -> Listing:
    """The 村霸 special action (扫黑除恶): whether a village bully problem was found and what was done."""
    action = (action or "").strip()
    if found and not action:
        raise ValidationError({"village_bully_action": _("Say what the special action did.")})
    before = audit.snapshot(listing)
    listing.village_bully, listing.village_bully_action = found, action[:4000]
    listing.save(update_fields=["village_bully", "village_bully_action"])
    _log(listing, ChangeLog.Action.UPDATE, user, before, listing.organisation)
    return listing


# --- sign-off --------------------------------------------------------------------------------------------------------

def reassessment(listing: Listing) -> tuple[AssessmentRun | None, OrganisationResult | None]:
    """The latest official run of the listing's year started after its confirmation, and its result for the
    organisation (either may be None)."""
    if listing.confirmed_at is None:
        return None, None
    run = (AssessmentRun.objects.official().filter(year=listing.year, started_at__gt=listing.confirmed_at)
           .select_related("pack_version").first())
    if run is None:
        return None, None
    return run, OrganisationResult.objects.filter(run=run, organisation=listing.organisation_id).first()


@transaction.atomic
def sign_off(listing: Listing, *, scope, user=None) -> Listing:
    """The signing-off level accepts the rectification once a reassessment (an official run after the confirmation)
    gives the organisation the pack's target stars or more."""
    _being_rectified(listing)
    rules = rules_of_year(listing.year)
    _check_level(scope, rules.signed_off_by, listing.organisation, _("sign a rectification off"))
    run, result = reassessment(listing)
    if result is None:
        raise ValidationError(_("No official assessment since the confirmation has judged this organisation: "
                                "run the reassessment first."))
    target = pack_of(run.pack_version).rectification_rules
    if not target.reached(result.stars):
        raise ValidationError(_("The reassessment gives %(stars)s stars; sign-off needs %(target)s stars or more.")
                              % {"stars": result.stars if result.stars is not None else "—",
                                 "target": target.target_stars})
    before = audit.snapshot(listing)
    listing.state, listing.signed_off_by, listing.signed_off_at = Listing.State.SIGNED_OFF, user, timezone.now()
    listing.signed_off_run, listing.signed_off_stars = run, result.stars
    listing.save()
    _log(listing, ChangeLog.Action.APPROVE, user, before, listing.organisation)
    return listing
