"""Builders for tests: a small, fully known register on top of the real divisions."""

import datetime as dt
import itertools
import random

from django.contrib.auth import get_user_model

from guifan.accounts.models import Role
from guifan.core import crypto, idcard
from guifan.members import rollups as member_rollups
from guifan.members.models import Member
from guifan.orgs import rollups as org_rollups
from guifan.orgs.models import HostUnit, Organisation
from guifan.regions.loader import load_divisions
from guifan.regions.models import Region

_seq = itertools.count(1)
_rng = random.Random(7)


def region(code: str) -> Region:
    if not Region.objects.exists():
        load_divisions()
    return Region.objects.get(code=code)


def host_unit(region_code: str, kind=HostUnit.Kind.ADMIN_VILLAGE, name=None, **fields) -> HostUnit:
    n = next(_seq)
    return HostUnit.objects.create(
        code=f"H{n:06d}", name=name or f"测试单位{n}", kind=kind, region=region(region_code), **fields
    )


def organisation(unit: HostUnit, kind=Organisation.Kind.BRANCH, parent=None, name=None, **fields) -> Organisation:
    n = next(_seq)
    today = dt.date.today()
    fields.setdefault("term_start", today.replace(year=today.year - 1))
    fields.setdefault("term_end", today.replace(year=today.year + 2))
    org = Organisation.objects.create(
        code=f"O{n:06d}", name=name or f"{unit.name}党支部{n}", kind=kind, parent=parent, host_unit=unit, **fields
    )
    org_rollups.refresh([org.pk])  # as the actions do
    return org


_recent: list[str] = []  # numbers handed out lately: rows built for one file must differ before any is stored


def id_number(region_code="450321", birth=dt.date(1980, 5, 17), male=True) -> str:
    """A valid ID number neither handed out in the last 50 calls nor stored (one region, day and sex give only 500)."""
    while True:
        number = idcard.generate(_rng, region_code, birth, male)
        if number in _recent:
            continue
        _recent[:] = [*_recent[-49:], number]
        if not Member.objects.filter(id_number_hash=crypto.keyed_hash(number)).exists():
            return number


def member(org: Organisation, name=None, category=Member.Category.FULL, **fields) -> Member:
    n = next(_seq)
    birth = fields.pop("birth_date", dt.date(1980, 5, 17))  # stored as its month; the ID number has the day
    m = Member(
        name=name or f"党员{n}",
        gender=fields.pop("gender", Member.Gender.MALE),
        birth_month=idcard.first_of_month(birth),
        joined_on=fields.pop("joined_on", dt.date(2005, 7, 1)),
        category=category,
        organisation=org,
        **fields,
    )
    m.set_id_number(id_number(org.region.code[:6], birth, m.gender == Member.Gender.MALE))
    m.set_phone(f"138{n:08d}")
    m.save()
    member_rollups.refresh_members([m])  # as the actions do
    return m


def user(username: str, kind: str | None = None, superuser=False, **scope):
    u = get_user_model().objects.create_user(username, password="pw-" + username, is_superuser=superuser,
                                             is_staff=True)
    if kind:
        Role.objects.create(user=u, kind=kind, **scope)
    return u


def submit_and_approve(report, submitter, approver):
    """A report submitted by `submitter` and approved by `approver` at the first level, through the workflow."""
    from guifan.accounts.scope import Scope
    from guifan.reporting import actions as workflow

    return workflow.approve(workflow.submit(report, submitter), approver, Scope(approver))
