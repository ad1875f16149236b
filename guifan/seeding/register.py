"""The sample register built in memory: host units, organisations and members with primary keys assigned here,
so that paths (/pk/pk/) are known without a save per row and everything can be bulk-inserted."""

import datetime as dt
import random
from collections import defaultdict

from guifan.orgs.models import HostUnit, Organisation

from .gaps import Gaps
from .params import register_rules, sample
from .people import MemberMaker

Kind = Organisation.Kind


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Register:
    """Everything generated, in insertion order (parents before children)."""

    def __init__(self, today: dt.date):
        self.today = today
        self.units: list[HostUnit] = []
        self.orgs: list[Organisation] = []
        self.members = []
        self.posts = []  # the branch committees' posts (seeding.committees), written after the members
        self.covered: list[tuple[int, int]] = []  # (organisation id, host unit id)
        self.branch_members: dict[int, list] = defaultdict(list)
        self.children: dict[int, list[Organisation]] = defaultdict(list)
        self._next = {"unit": 1, "org": 1, "member": 1}  # the tables are empty (seed flushes or refuses first)
        self._unit_seq: dict[str, int] = defaultdict(int)
        self._org_seq: dict[str, int] = defaultdict(int)
        self.used_id_numbers: set[str] = set()

    def _pk(self, what: str) -> int:
        pk = self._next[what]
        self._next[what] = pk + 1
        return pk

    def unit(self, region, kind, name, parent: HostUnit | None = None, prefix: str = "", **fields) -> HostUnit:
        """A host unit; code = region code + prefix + sequence, or the parent's code + two digits."""
        if parent is not None and prefix == "":
            self._unit_seq[parent.code] += 1
            code = f"{parent.code}-{self._unit_seq[parent.code]:02d}"
        else:
            self._unit_seq[region.code + prefix] += 1
            code = f"{region.code}{prefix}{self._unit_seq[region.code + prefix]:04d}"
        unit = HostUnit(pk=self._pk("unit"), code=code, name=name, kind=kind, region=region,
                        parent_id=parent.pk if parent else None, **fields)
        self.units.append(unit)
        return unit

    def org(self, ctx, unit: HostUnit, kind, name, parent: Organisation | None = None,
            setup=Organisation.SetUp.SEPARATE, covers=()) -> Organisation:
        """An organisation with code, path, depth, founding date and a term drawn for its host kind."""
        region = unit.region
        self._org_seq[region.code] += 1
        org = Organisation(
            pk=self._pk("org"), code=f"{region.code}{self._org_seq[region.code]:05d}", name=name, kind=kind,
            parent_id=parent.pk if parent else None, host_unit=unit, region=region, domain=unit.domain,
            setup=setup, founded_on=self._founded(ctx.rng, unit, parent),
        )
        org.path = f"{parent.path if parent else '/'}{org.pk}/"
        org.depth = org.path.count("/") - 2
        if kind != Kind.GROUP:
            self._term(ctx, org, unit.kind)
        self.orgs.append(org)
        if parent is not None:
            self.children[parent.pk].append(org)
        for covered in covers:
            self.covered.append((org.pk, covered.pk))
        return org

    def _founded(self, rng: random.Random, unit: HostUnit, parent: Organisation | None) -> dt.date:
        earliest = parent.founded_on if parent is not None else (unit.opened_on or dt.date(1950, 1, 1))
        span = max((self.today - earliest).days - 400, 1)
        # Skewed towards the earliest date: most organisations are old, a few were set up recently.
        return earliest + dt.timedelta(days=int(span * rng.random() ** 2))

    def _term(self, ctx, org: Organisation, host_kind: str) -> None:
        gaps: Gaps = ctx.gaps
        if gaps.want("term_unknown", ctx.rng):
            return
        years = register_rules().term_years(host_kind)
        rng = ctx.rng
        if gaps.want("term_overdue", ctx.rng):
            start = self.today - dt.timedelta(days=years * 365 + rng.randrange(20, 700))
        elif years >= 5:  # villages and communities elect together (the 2026 round of 村社换届)
            start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(110))
        else:
            start = self.today - dt.timedelta(days=rng.randrange(30, years * 365 - 30))
        org.term_start = max(start, org.founded_on)
        org.term_end = add_years(org.term_start, years) - dt.timedelta(days=1)

    def add_members(self, ctx, branch: Organisation, count: int, profile: str, groups=(), full_floor=0) -> list:
        """`count` members in a branch; some put in its party groups. With `full_floor`, only that many are full."""
        maker: MemberMaker = ctx.members
        made = maker.make(self, branch, count, profile)
        for member in made[full_floor:] if full_floor else ():
            maker.make_probationary(member)
        if groups:
            share = sample()["members"]["in_party_group"]
            for member in made:
                if ctx.rng.random() < share:
                    member.party_group_id = ctx.rng.choice(groups).pk
        self.branch_members[branch.pk].extend(made)
        return made

    def member_pk(self) -> int:
        return self._pk("member")

    def assign_secretaries(self, rng: random.Random, gaps_by_region) -> None:
        """A full, normal member of the organisation (or of a branch under it) as its secretary, for most."""
        for org in reversed(self.orgs):
            if org.kind == Kind.GROUP:
                continue
            pool = self.branch_members.get(org.pk) or []
            if not pool:
                for child in self.children.get(org.pk, ()):
                    pool = self.branch_members.get(child.pk) or []
                    if pool:
                        break
            candidates = [m for m in pool if m.category == "full" and m.status == "normal"]
            if not candidates or gaps_by_region(org).want("no_secretary", rng):
                continue
            org.secretary_id = rng.choice(candidates[:12]).pk

    def kind_for(self, members: int) -> str:
        """The set-up the register's rules call for (ORG-G-01, M01)."""
        if members >= register_rules().committee_min_members:
            return Kind.COMMITTEE
        if members > register_rules().branch_max_members or members >= register_rules().general_branch_min_members:
            return Kind.GENERAL_BRANCH
        return Kind.BRANCH
