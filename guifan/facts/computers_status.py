"""The computers of the facts derived from the members' status records (declared in guifan/standards/computers.py,
"member status records"; TEAM-R-02, ACT-G-04): pocket members and unqualified members not dealt with, flowing members
under dual management.

A member's status at the period's end is the `to_status` of their latest StatusChange on or before it; a member with
no change recorded by then has the register's status (an imported register says who is a pocket member before any
record is kept). An unqualified member is dealt with once a disposal (or a correction, or leaving) is recorded after
the change that found them unqualified. Members count in the organisation they belong to now (a member in transit:
the sending one, guifan/members/rollups.py). Read in bulk once per derivation (guifan.members.selectors).
"""

from __future__ import annotations

from guifan.members import selectors as members
from guifan.standards.computers import COMPUTERS

implementation = COMPUTERS.implementation


def _records(d) -> members.StatusAtEnd:
    return d.loaded("member_status", lambda d: members.status_at(d.period.end, organisations=d.only,
                                                                  region_path=d.region_path))


def _subtree(d, pk: int):
    stack = [pk]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(d.reg.org_children.get(here, ()))


def _sum(d, org, table: dict) -> int:
    return sum(table.get(pk, 0) for pk in _subtree(d, org["pk"]))


@implementation("members_in_status")
def members_in_status(d, org, unit, fact, status):
    if org is None:
        return None
    return _sum(d, org, _records(d).in_status.get(status, {}))


@implementation("unqualified_undisposed")
def unqualified_undisposed(d, org, unit, fact):
    if org is None:
        return None
    return _sum(d, org, _records(d).undisposed)


@implementation("flowing_dual_managed")
def flowing_dual_managed(d, org, unit, fact):
    if org is None:
        return None
    records = _records(d)
    flowing = _sum(d, org, records.in_status.get("flowing", {}))
    if not flowing:
        return None
    return _sum(d, org, records.dual_managed) == flowing
