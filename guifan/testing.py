"""Builders for tests: a small, fully known register on top of the real divisions."""

import datetime as dt
import itertools
import random

from django.contrib.auth import get_user_model
from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from guifan.accounts import second_factor
from guifan.accounts.models import PasswordState, Role
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
    settled(u)
    return u


def settled(user):
    """An account past its first login: its password is its own (no forced change) and, where its role needs one,
    an authenticator app is enrolled."""
    PasswordState.objects.filter(user=user).update(must_change=False)
    if second_factor.required_for(user):
        otp_device(user)
    return user


def otp_device(user) -> TOTPDevice:
    return second_factor.confirmed_device(user) or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def otp_code(user) -> str:
    """The code the user's authenticator app shows now."""
    return second_factor.current_code(otp_device(user))


class Client(DjangoClient):
    """The test client whose force_login also passes the second factor, as a user who typed their code would:
    force_login skips the password, and this skips the code. Tests of the second factor use django.test.Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if second_factor.required_for(user) or second_factor.confirmed_device(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = otp_device(user).persistent_id
            session.save()


def submit_and_approve(report, submitter, approver):
    """A report submitted by `submitter` and approved by `approver` at the first level, through the workflow."""
    from guifan.accounts.scope import Scope
    from guifan.reporting import actions as workflow

    return workflow.approve(workflow.submit(report, submitter), approver, Scope(approver))
