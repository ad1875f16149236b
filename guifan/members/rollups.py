"""The members' part of the stored register roll-ups (guifan.orgs.rollups): members counted per organisation and per
party group, pushed into the organisations' tables. Counted: every member except those who left the party or died.

    refresh_organisations([org ids])   after members were added to, left, changed status or category in, or moved
                                       between these organisations (party groups included)
    rebuild()                          every register roll-up, in bulk (seed, imports, derive, assess, `guifan rollups`)
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from guifan.orgs import rollups

from .models import GONE_STATUSES, Member

# A member in transit (an issued transfer not yet accepted) stays in the sending organisation until accepted: counted
# there, never missing from both (docs/member-status.md).
COUNTED_OUT = GONE_STATUSES


def own_counts(org_ids=None) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    """({organisation id: (members, full members)}, {party group id: members}): two grouped queries."""
    counted = Member.objects.exclude(status__in=COUNTED_OUT)
    by_org, by_group = counted, counted.filter(party_group__isnull=False)
    if org_ids is not None:
        by_org, by_group = by_org.filter(organisation_id__in=org_ids), by_group.filter(party_group_id__in=org_ids)
    own: dict[int, list[int]] = {}
    for row in by_org.values("organisation_id", "category").annotate(n=Count("id")):
        counts = own.setdefault(row["organisation_id"], [0, 0])
        counts[0] += row["n"]
        if row["category"] == Member.Category.FULL:
            counts[1] += row["n"]
    groups = dict(by_group.values("party_group_id").annotate(n=Count("id")).values_list("party_group_id", "n"))
    return {pk: (m, f) for pk, (m, f) in own.items()}, groups


@transaction.atomic
def refresh_organisations(org_ids) -> None:
    """Recounts the members of these organisations and party groups, then their subtrees, breaches and regions."""
    ids = {pk for pk in org_ids if pk is not None}
    if not ids:
        return
    own, groups = own_counts(ids)
    rollups.set_own_counts(own, groups, ids)
    rollups.refresh(ids, counts_only=True)


def refresh_members(members) -> None:
    """After these members changed: the organisations and party groups they are in."""
    refresh_organisations({m.organisation_id for m in members} | {m.party_group_id for m in members})


def rebuild() -> dict:
    """Every stored register roll-up from the register as it is (and ANALYZE on those tables)."""
    own, groups = own_counts()
    return rollups.rebuild(own, groups)
