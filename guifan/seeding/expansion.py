"""The sample city's expansion list (扩面, M01, guifan.expansion), laid by `guifan seed_programmes`: the gaps the
sample register leaves on purpose (big enterprises and social organisations without an organisation, villager
groups outside every organisation, units employing members without one of their own, kinds that do not match their
member counts: guifan.seeding.gaps) found as of some months ago, so that most tasks are overdue; some given a new
deadline (open); some fixed in the register (a unit brought under a joint branch, a general branch made a branch)
and closed. Idempotent: nothing is done when the list has tasks. Everything goes through guifan.orgs.actions and
guifan.expansion.actions, as a user's changes would."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from guifan.core.vocabulary import Domain
from guifan.expansion import actions
from guifan.expansion.models import ExpansionTask
from guifan.orgs import actions as org_actions
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.models import Region

FOUND_DAYS_AGO = 120


class _Everything:
    """The scope of the seeding: an administrator of everything."""

    is_all, can_edit, region, organisation, member = True, True, None, None, None

    def regions(self, qs=None):
        return Region.objects.all() if qs is None else qs

    def organisations(self, qs=None):
        return Organisation.objects.all() if qs is None else qs

    def host_units(self, qs=None):
        return HostUnit.objects.all() if qs is None else qs

    @property
    def root_region(self):
        return Region.objects.filter(parent__isnull=True).first()


def _cover(task: ExpansionTask) -> bool:
    """Brings an uncovered unit under an organisation of its township (a joint branch covering it)."""
    unit = task.host_unit
    org = (Organisation.objects.active().filter(region=unit.region, kind=Organisation.Kind.BRANCH)
           .exclude(host_unit=unit).order_by("pk").first())
    if org is None:
        return False
    org_actions.set_covered_units(org, [*org.covered_units.all(), unit])
    return True


def _re_kind(task: ExpansionTask) -> bool:
    """A general branch too small for its kind made a branch, when it has the full members a branch needs."""
    org = task.organisation
    if task.detail != "general_branch_too_small" or (task.full_members or 0) < 3 or (task.members or 0) > 50:
        return False
    org_actions.update_organisation(org, {"kind": Organisation.Kind.BRANCH})
    return True


def _purposes() -> int:
    """A few organisations given their purpose: poverty-relief ones in poor villages, functional ones in cities."""
    Purpose, done = Organisation.Purpose, 0
    picks = [(Organisation.objects.active().filter(host_unit__is_poor_village=True, kind=Organisation.Kind.BRANCH),
              [Purpose.TASK_POVERTY] * 4),
             (Organisation.objects.active().filter(domain=Domain.URBAN, kind=Organisation.Kind.BRANCH),
              [Purpose.FUNCTIONAL_CULTURE, Purpose.FUNCTIONAL_SPORT, Purpose.FUNCTIONAL_SERVICE]),
             (Organisation.objects.active().filter(domain=Domain.TWO_NEW, kind=Organisation.Kind.BRANCH),
              [Purpose.TASK_PROJECT, Purpose.TASK_PILOT])]
    for qs, purposes in picks:
        for org, purpose in zip(qs.filter(purpose=Purpose.REGULAR).order_by("pk")[:len(purposes)], purposes,
                                strict=False):
            org_actions.update_organisation(org, {"purpose": purpose})
            done += 1
    return done


def seed_expansion(*, open_share: float = 0.3, fixed_share: float = 0.25, seed: int = 1) -> dict:
    """Finds the sample register's gaps as of FOUND_DAYS_AGO, gives some a new deadline and fixes and closes some;
    returns what it did."""
    if ExpansionTask.objects.exists():
        return {"found": 0}
    try:
        rules = actions.rules_of_year()
    except ValidationError:
        return {"found": 0}
    rng, scope, today = random.Random(f"expansion-{seed}"), _Everything(), timezone.localdate()
    purposes = _purposes()
    counts = actions.find(scope, rules=rules, today=today - dt.timedelta(days=FOUND_DAYS_AGO))
    extended = fixed = 0
    for task in ExpansionTask.objects.select_related("host_unit__region", "organisation").order_by("pk"):
        roll = rng.random()
        if roll < fixed_share:
            done = _cover(task) if task.gap == "uncovered_unit" else _re_kind(task) if task.gap == "kind_mismatch" \
                else False
            if done:
                try:
                    actions.close(task, scope=scope, rules=rules, note="已纳入党组织覆盖或已按党员人数调整设置。")
                    fixed += 1
                    continue
                except ValidationError:
                    pass
        if roll < fixed_share + open_share:
            actions.set_deadline(task, today + dt.timedelta(days=rng.choice((30, 60, 90))), scope=scope, today=today)
            extended += 1
    return {"found": counts["found"], "open": extended, "fixed": fixed,
            "overdue": counts["found"] - extended - fixed, "purposes": purposes}
