"""Every change to the expansion list (扩面, M01), one atomic function each: find the gaps (tasks created or
reopened, never duplicated), close a task (only when the register shows it fixed), move a deadline. Each validates
first and raises ValidationError with a translated message, writing nothing; each writes its change log. The rules
(which gaps, the thresholds, the days, the level a task is given to) are the pack's (guifan.standards)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.standards.selectors import pack_in_effect, reporting_year

from . import gaps, selectors
from .models import ExpansionTask, task_key

SOURCE = "expansion"
_RULES: dict[str, gaps.ExpansionPack | None] = {}


def rules_of_year(year: int | None = None) -> gaps.ExpansionPack:
    """The expansion rules of the pack in effect in `year` (default: the reporting year), kept per pack checksum."""
    year = year or reporting_year()
    version = pack_in_effect(year)
    if version is None:
        raise ValidationError(_("No standard is in effect in %(year)s.") % {"year": year})
    if version.checksum not in _RULES:
        _RULES[version.checksum] = gaps.ExpansionPack.of(version.pack())
    found = _RULES[version.checksum]
    if found is None:
        raise ValidationError(_("The standard in effect in %(year)s has no expansion rules.") % {"year": year})
    return found


def _check_scope(scope, task: ExpansionTask) -> None:
    if not scope.can_edit or not selectors.tasks(scope).filter(pk=task.pk).exists():
        raise ValidationError(_("This task is outside your area: only the regions you cover can change it."))


def check_may_find(scope) -> None:
    if not scope.can_edit or not (scope.is_all or scope.region is not None):
        raise ValidationError(_("Only a city, county or township user may look for expansion gaps."))


@transaction.atomic
def find(scope, *, user=None, rules: gaps.ExpansionPack | None = None, today: dt.date | None = None) -> dict:
    """Finds every gap in the scope and makes each a task of its township (deadline: the gap's days from today).
    A gap already on the list keeps its deadline (its figures are brought up to date); a fixed task whose gap is
    back is reopened. Returns the counts."""
    check_may_find(scope)
    rules = rules or rules_of_year()
    today = today or timezone.localdate()
    found = gaps.find(rules, host_units=scope.host_units(), organisations=scope.organisations())
    assigned = gaps.assigned_regions({f.region_id for f in found}, rules.expansion.assigned_to)
    by_key = {task_key(f.gap, unit_id=f.unit_id, organisation_id=f.organisation_id): f for f in found}
    existing = {}
    keys = list(by_key)
    for start in range(0, len(keys), 1000):
        existing.update({t.key: t for t in ExpansionTask.objects.filter(key__in=keys[start:start + 1000])})
    new, reopened, refreshed = [], [], []
    for key, f in by_key.items():
        days = rules.expansion.gap(f.gap).days
        figures = {"headcount": f.headcount, "members": f.members, "full_members": f.full_members}
        task = existing.get(key)
        if task is None:
            new.append(ExpansionTask(key=key, gap=f.gap, detail=f.detail, host_unit_id=f.unit_id,
                                     organisation_id=f.organisation_id,
                                     region_id=assigned.get(f.region_id, f.region_id), found_on=today,
                                     deadline=today + dt.timedelta(days=days), **figures))
        elif task.state == ExpansionTask.State.FIXED:
            task.state, task.detail, task.found_on = ExpansionTask.State.OPEN, f.detail, today
            task.deadline, task.closed_at, task.closed_by = today + dt.timedelta(days=days), None, None
            for name, value in figures.items():
                setattr(task, name, value)
            reopened.append(task)
        elif (task.detail, task.headcount, task.members, task.full_members) != (f.detail, *figures.values()):
            task.detail = f.detail  # still open: the register's figures of today, the deadline kept
            for name, value in figures.items():
                setattr(task, name, value)
            refreshed.append(task)
    ExpansionTask.objects.bulk_update(refreshed, ["detail", "headcount", "members", "full_members"], batch_size=1000)
    ExpansionTask.objects.bulk_create(new, batch_size=1000)
    ExpansionTask.objects.bulk_update(reopened, ["state", "detail", "found_on", "deadline", "closed_at", "closed_by",
                                                 "headcount", "members", "full_members"], batch_size=1000)
    counts = {"found": len(by_key), "created": len(new), "reopened": len(reopened),
              "already_listed": len(by_key) - len(new) - len(reopened), "pack": rules.pack}
    anchor = scope.root_region
    if anchor is not None:
        audit.entry(anchor, ChangeLog.Action.RUN, user, source=SOURCE, after={
            **counts, "created_keys": [t.key for t in new][:500],
            "reopened_keys": [t.key for t in reopened][:500]}).save()
    return counts


def still_open_gaps(task: ExpansionTask, rules: gaps.ExpansionPack) -> list[gaps.Found]:
    """The task's gap as the register shows it now (empty: fixed)."""
    return [f for f in gaps.find_one(rules, unit_id=task.host_unit_id, organisation_id=task.organisation_id)
            if f.gap == task.gap]


@transaction.atomic
def close(task: ExpansionTask, *, scope, user=None, note: str = "", rules: gaps.ExpansionPack | None = None
          ) -> ExpansionTask:
    """Closes a task once the register shows its gap fixed (the check run again for its unit or organisation)."""
    task = ExpansionTask.objects.select_for_update().get(pk=task.pk)
    _check_scope(scope, task)
    if task.state != ExpansionTask.State.OPEN:
        raise ValidationError(_("This task is already closed."))
    rules = rules or rules_of_year()
    if still_open_gaps(task, rules):
        raise ValidationError(_("The register still shows this gap for %(name)s: set up or adjust the organisation "
                                "in the register first, then close the task.") % {"name": task.subject_name})
    before = audit.snapshot(task)
    task.state, task.closed_at, task.closed_by = ExpansionTask.State.FIXED, timezone.now(), user
    task.note = (note or "").strip()[:300]
    task.save(update_fields=["state", "closed_at", "closed_by", "note"])
    audit.record(task, ChangeLog.Action.UPDATE, user, before=before, source=SOURCE,
                 related=task.organisation or task.host_unit)
    return task


@transaction.atomic
def set_deadline(task: ExpansionTask, deadline: dt.date | None, *, scope, user=None,
                 today: dt.date | None = None) -> ExpansionTask:
    """Moves an open task's deadline; never to a day already past."""
    _check_scope(scope, task)
    if task.state != ExpansionTask.State.OPEN:
        raise ValidationError(_("Only an open task's deadline can be changed."))
    if deadline is None:
        raise ValidationError({"deadline": _("Give the new deadline.")})
    if deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    before = audit.snapshot(task)
    task.deadline = deadline
    task.save(update_fields=["deadline"])
    audit.record(task, ChangeLog.Action.UPDATE, user, before=before, source=SOURCE,
                 related=task.organisation or task.host_unit)
    return task
