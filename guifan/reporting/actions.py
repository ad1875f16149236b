"""Approval level by level (DHIS2's approval levels): organisation -> township -> county -> city.

A report's chain is the levels of its organisation's region and the regions above it: an organisation of a township
is approved by the township, then the county, then the city; an organisation registered at county level by the
county, then the city. `FactReport.state` is `approved` (locked, and what `build_frame(approved_only=True)` reads)
from the first level's approval on; `approval_level` says how far up it has gone.

* The first level approves or returns each submitted report (`approve`, `return_report`).
* A higher level approves a child region as a whole (`approve_region`): a county approves a township only when every
  report expected in it is approved at township level, the city a county only when every report expected in the
  county is approved at county level (a parent approves only after its children).
* A locked report is reopened only by the level that approved it last, or by the next level up reviewing it
  (`return_report` on an approved report): it becomes `returned` with the reason, and the reopening is written to
  the change log as well as to the report's events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.facts import actions as store
from guifan.facts.actions import FactError
from guifan.facts.models import FactChange, FactReport, Period
from guifan.regions.models import Region
from guifan.reporting import completeness
from guifan.reporting.models import ReportEvent

LEVELS = (Region.Level.TOWNSHIP, Region.Level.COUNTY, Region.Level.CITY)
RANK = {"": 0, **{level: i + 1 for i, level in enumerate(LEVELS)}}
S = FactReport.State


def chain(organisation) -> list[str]:
    """The approval levels of an organisation's reports, lowest first."""
    level = organisation.region.level
    return list(LEVELS[LEVELS.index(level):]) if level in LEVELS else [Region.Level.CITY]


def next_level(report: FactReport) -> str | None:
    """The level that acts next on a submitted or approved report; None when the city has approved it."""
    levels = chain(report.organisation)
    if report.state == S.SUBMITTED:
        return levels[0]
    if report.state == S.APPROVED:
        above = [level for level in levels if RANK[level] > RANK[report.approval_level]]
        return above[0] if above else None
    return None


def acting_level(scope, level: str, region_path: str) -> bool:
    """Whether the user of `scope` acts at `level` over the region whose path is given (superusers act anywhere)."""
    if scope.is_all:
        return True
    return bool(scope.region and scope.region.level == level and region_path.startswith(scope.region.path))


def _region_at(organisation, level: str) -> str:
    """The path of the organisation's region at `level` (its own region or an ancestor)."""
    region = organisation.region
    if region.level == level:
        return region.path
    found = next((r for r in region.ancestors() if r.level == level), None)
    return found.path if found else region.path


def can_approve(scope, report: FactReport) -> bool:
    """First-level approval of one submitted report."""
    return (report.state == S.SUBMITTED
            and acting_level(scope, chain(report.organisation)[0], report.organisation.region.path))


def can_return(scope, report: FactReport) -> bool:
    """Return a submitted report (first level) or reopen an approved one (the last approver or the next level)."""
    org = report.organisation
    if report.state == S.SUBMITTED:
        return can_approve(scope, report)
    if report.state != S.APPROVED:
        return False
    levels = [report.approval_level, next_level(report)]
    return any(level and acting_level(scope, level, _region_at(org, level)) for level in levels)


LOGGED = {ReportEvent.Action.SUBMIT: ChangeLog.Action.SUBMIT, ReportEvent.Action.APPROVE: ChangeLog.Action.APPROVE,
          ReportEvent.Action.RETURN: ChangeLog.Action.RETURN, ReportEvent.Action.REOPEN: ChangeLog.Action.RETURN}


def _log(report, action, user, level="", reason=""):
    """The change-log row of a workflow step (the report's own events keep the step too)."""
    return audit.entry(report, LOGGED[action], user, after={"state": report.state, "level": level,
                                                            **({"reason": reason} if reason else {})},
                       source=f"reporting:{action}")


def _event(report, action, user, level="", reason=""):
    ReportEvent.objects.create(report=report, action=action, level=level, reason=reason,
                               user=user if getattr(user, "is_authenticated", False) else None)
    _log(report, action, user, level, reason).save()


def _locked(report: FactReport) -> FactReport:
    return FactReport.objects.select_for_update().select_related("organisation__region", "period").get(pk=report.pk)


@transaction.atomic
def submit(report: FactReport, user) -> FactReport:
    """A draft or returned report goes to its first approval level."""
    report = _locked(report)
    if report.state not in (S.DRAFT, S.RETURNED):
        raise FactError(_("A %(state)s report cannot become %(new)s.")
                        % {"state": report.get_state_display(), "new": S.SUBMITTED.label})
    report.state, report.returned_reason = S.SUBMITTED, ""
    report.submitted_by = user if getattr(user, "is_authenticated", False) else None
    report.submitted_at = timezone.now()
    report.save(update_fields=["state", "returned_reason", "submitted_by", "submitted_at", "updated_at"])
    _event(report, ReportEvent.Action.SUBMIT, user)
    completeness.refresh(report.period, [report.organisation.region_id])
    return report


@dataclass
class Saved:
    """What `save_report` did: the report as stored, the blocking problems ((field or None, message)) that kept it a
    draft, the warnings that did not (messages, and (field or None, message) in `warned`), the facts left empty
    (`missing`, judged "not reported"), whether it was submitted, and whether submitting waits for the reporter to
    confirm the missing figures and warnings (`needs_confirmation`)."""

    report: FactReport
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    warned: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    submitted: bool = False
    needs_confirmation: bool = False


def _field_of(codes, fields):
    return next((c for c in codes if c in fields), None)


@transaction.atomic
def save_report(report: FactReport, values: dict, evidence: dict, user, *, pack, submit_it: bool = False,
                evidence_problems=(), fields=(), ask_first: bool = False) -> Saved:
    """Saves a report's values and evidence and, when asked and nothing blocks, submits it: one transaction.
    A FactError (a value the store refuses, a locked report) leaves nothing written. `fields`: the form's field
    names, so that a problem is put on the first of its facts the form shows. `ask_first`: submit only when no
    figure is missing and nothing is warned; otherwise the values are saved as a draft and `needs_confirmation`
    says the reporter must confirm first (the web form's 报送, then 仍然报送)."""
    from guifan.reporting.formspec import consistency_problems
    from guifan.reporting.selectors import previous_values

    report = store.get_report(report.organisation, report.period)
    store.set_values(report, values, user, FactChange.Source.FORM, pack=pack)
    store.set_evidence(report, evidence, user)
    report.refresh_from_db()
    saved = Saved(report, problems=list(evidence_problems))
    for codes, message, blocking in consistency_problems(pack, {**report.values, **report.derived},
                                                         previous=previous_values(report),
                                                         domain=report.organisation.domain,
                                                         frequency=report.period.kind):
        if blocking:
            saved.problems.append((_field_of(codes, fields), message))
        else:
            saved.warnings.append(message)
            saved.warned.append((_field_of(codes, fields), message))
    saved.missing = [code for code in values if code in pack.facts and pack.facts[code].type != "boolean"
                     and report.values.get(code) is None]
    if submit_it and not saved.problems:
        if ask_first and (saved.missing or saved.warnings):
            saved.needs_confirmation = True
        else:
            saved.report, saved.submitted = submit(report, user), True
    return saved


@transaction.atomic
def approve(report: FactReport, user, scope) -> FactReport:
    """The first level approves one submitted report: it is locked from now on."""
    report = _locked(report)
    if not can_approve(scope, report):
        raise FactError(_("You cannot approve this report: it is not submitted, or it is not yours to approve."))
    level = chain(report.organisation)[0]
    report.state, report.approval_level = S.APPROVED, level
    report.approved_by, report.approved_at = user, timezone.now()
    report.save(update_fields=["state", "approval_level", "approved_by", "approved_at", "updated_at"])
    _event(report, ReportEvent.Action.APPROVE, user, level)
    completeness.refresh(report.period, [report.organisation.region_id])
    return report


def region_blockers(region: Region, period: Period, level: str) -> list:
    """The organisations expected in `region` whose report is not yet approved at `level` or above."""
    orgs = completeness.expected_organisations(period, region).select_related("region")
    reports = {r.organisation_id: r for r in FactReport.objects.filter(period=period, organisation__in=orgs)}
    blockers = []
    for org in orgs.order_by("path"):
        report = reports.get(org.pk)
        if report is None or report.state != S.APPROVED or RANK[report.approval_level] < RANK[level]:
            blockers.append(org)
    return blockers


@transaction.atomic
def approve_region(region: Region, period: Period, user, scope) -> int:
    """The level above `region` approves it as a whole; returns how many reports went up one level."""
    parent_level = {Region.Level.TOWNSHIP: Region.Level.COUNTY, Region.Level.COUNTY: Region.Level.CITY}.get(
        region.level)
    if parent_level is None or not acting_level(scope, parent_level, region.path):
        raise FactError(_("You cannot approve %(region)s.") % {"region": region.name})
    blockers = region_blockers(region, period, region.level)
    if blockers:
        raise FactError(_("%(region)s cannot be approved yet: %(n)s report(s) are not approved at its level "
                          "(%(names)s).") % {"region": region.name, "n": len(blockers),
                                             "names": "、".join(o.name for o in blockers[:5])})
    reports = list(FactReport.objects.select_for_update().filter(
        period=period, organisation__region__path__startswith=region.path, state=S.APPROVED))
    raised = [r for r in reports if RANK[r.approval_level] < RANK[parent_level]]
    now = timezone.now()
    for report in raised:
        report.approval_level, report.approved_by, report.approved_at = parent_level, user, now
    FactReport.objects.bulk_update(raised, ["approval_level", "approved_by", "approved_at"])
    ReportEvent.objects.bulk_create([ReportEvent(report=r, action=ReportEvent.Action.APPROVE, level=parent_level,
                                                 user=user) for r in raised])
    ChangeLog.objects.bulk_create([_log(r, ReportEvent.Action.APPROVE, user, parent_level) for r in raised],
                                  batch_size=1000)
    completeness.refresh(period, Region.objects.filter(path__startswith=region.path).values_list("pk", flat=True))
    return len(raised)


@transaction.atomic
def return_report(report: FactReport, user, scope, reason: str) -> FactReport:
    """Returns a submitted report, or reopens an approved one, with a reason the reporter sees."""
    report = _locked(report)
    if not reason.strip():
        raise FactError(_("Say why the report is returned."))
    if not can_return(scope, report):
        raise FactError(_("You cannot return this report: only the level that approved it, or the next level up, "
                          "can reopen it."))
    was = {"state": report.state, "approval_level": report.approval_level}
    reopening = report.state == S.APPROVED
    level = (scope.region.level if scope.region else next_level(report) or report.approval_level) or ""
    report.state, report.approval_level, report.returned_reason = S.RETURNED, "", reason.strip()
    report.approved_by = report.approved_at = None
    report.save(update_fields=["state", "approval_level", "returned_reason", "approved_by", "approved_at",
                               "updated_at"])
    action = ReportEvent.Action.REOPEN if reopening else ReportEvent.Action.RETURN
    ReportEvent.objects.create(report=report, action=action, level=level, reason=reason.strip(),
                               user=user if getattr(user, "is_authenticated", False) else None)
    log = _log(report, action, user, level, reason.strip())
    log.before, log.source = was, "reopen" if reopening else log.source
    log.save()
    from guifan.reporting.notices import notify_returned

    notify_returned(report, user)
    completeness.refresh(report.period, [report.organisation.region_id])
    return report
