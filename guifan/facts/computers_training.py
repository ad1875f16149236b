"""The derived-fact computers of `source: training` (declared in guifan/standards/computers.py).

They read the period's training records once per derivation (`deriver.loaded("training", load)`): each member's
hours by course mode (guifan.training.selectors.hours_in, grouped queries), the members of the register's
organisations, their secretaries and the posts held in the period (members.Post). A fact names the pack's
`training: hours` requirements (`params: {requirements: [...]}`): the first that applies in the organisation's
domain gives the audience and the course modes that count; the thresholds stay in the pack (CODE_min_hours).
None means unknown: no one in the audience, or no requirement for the domain.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from guifan.core.bulk import in_chunks
from guifan.facts.register import GONE
from guifan.members.models import Member, Post
from guifan.orgs.models import Organisation
from guifan.standards.computers import COMPUTERS
from guifan.training.selectors import hours_in

implementation = COMPUTERS.implementation
POST_AUDIENCES = {"deputy_secretary", "organisation_committee", "party_worker", "organiser"}


class TrainingRecords:
    """The period's training records of a register, by organisation."""

    def __init__(self, deriver):
        reg = deriver.reg
        start, end = deriver.period.start, deriver.period.end
        org_ids = list(reg.orgs)
        self.reg = reg
        self.hours = hours_in(start, end, org_ids)
        self.members: dict[int, list[int]] = defaultdict(list)  # org -> its own members
        self.secretary: dict[int, int] = {}
        self.posts: dict[tuple[int, str], set[int]] = defaultdict(set)  # (org, post) -> members
        for chunk in in_chunks(org_ids):
            for member_id, org_id in (Member.objects.filter(organisation_id__in=chunk).exclude(status__in=GONE)
                                      .filter(joined_on__lte=end).values_list("pk", "organisation_id")):
                self.members[org_id].append(member_id)
            self.secretary.update(Organisation.objects.filter(pk__in=chunk, secretary__isnull=False)
                                  .values_list("pk", "secretary_id"))
            for org_id, member_id, post in (Post.objects.filter(organisation_id__in=chunk, started_on__lte=end)
                                            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
                                            .values_list("organisation_id", "member_id", "post")):
                self.posts[(org_id, post)].add(member_id)
        self._subtrees: dict[int, list[int]] = {}

    def subtree(self, org_id: int) -> list[int]:
        """The organisation and every organisation under it (from the materialised paths, in memory)."""
        if not self._subtrees:
            found = defaultdict(list)
            for org in self.reg.orgs.values():
                for part in org["path"].strip("/").split("/"):
                    found[int(part)].append(org["pk"])
            self._subtrees = dict(found)
        return self._subtrees.get(org_id, [org_id])

    def audience(self, org: dict, audiences) -> set[int]:
        """The members a requirement is about, in this organisation."""
        people: set[int] = set()
        subtree = self.subtree(org["pk"])
        for audience in audiences:
            if audience == "secretary":
                if org["pk"] in self.secretary:
                    people.add(self.secretary[org["pk"]])
                people |= self.posts.get((org["pk"], "secretary"), set())
            elif audience == "secretaries":
                for o in subtree:
                    if o in self.secretary:
                        people.add(self.secretary[o])
                    people |= self.posts.get((o, "secretary"), set())
            elif audience in POST_AUDIENCES:
                for o in subtree:
                    people |= self.posts.get((o, audience), set())
            elif audience == "member":
                for o in subtree:
                    people.update(self.members.get(o, ()))
        return people

    def hours_of(self, member_id: int, modes) -> Decimal:
        by_mode = self.hours.get(member_id, {})
        return sum((by_mode.get(m, Decimal(0)) for m in modes), Decimal(0))


def _records(d) -> TrainingRecords:
    return d.loaded("training", TrainingRecords)


def _requirement(d, org, requirements):
    training = getattr(d.pack, "training", None)
    if training is None or org is None:
        return None
    return training.for_domain(requirements, org["domain"])


@implementation("least_training_hours")
def least_training_hours(d, org, unit, fact, requirements):
    requirement = _requirement(d, org, requirements)
    if requirement is None:
        return None
    records = _records(d)
    people = records.audience(org, requirement.audiences)
    if not people:
        return None  # no one to judge: unknown, never a pass
    return float(min(records.hours_of(m, requirement.modes) for m in people))


@implementation("trained_share")
def trained_share(d, org, unit, fact, requirements):
    requirement = _requirement(d, org, requirements)
    if requirement is None:
        return None
    records = _records(d)
    people = records.audience(org, requirement.audiences)
    if not people:
        return None
    wanted = Decimal(str(requirement.min_hours))
    reached = sum(1 for m in people
                  if (hours := records.hours_of(m, requirement.modes)) >= wanted and hours > 0)
    return round(100.0 * reached / len(people), 1)
