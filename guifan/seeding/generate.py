"""Builds the sample city in memory, deterministically: one Random per county and per township, seeded by text."""

import dataclasses
import datetime as dt
import random

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guifan.regions.models import Region

from . import agencies, committees, rural, twonew, urban
from .gaps import Gaps
from .names import NameMaker
from .params import county as county_params
from .params import sample, scale
from .people import MemberMaker
from .progress import bar
from .register import Register

# Weights of a township's share of its county's enterprises and social organisations.
SHARE_WEIGHT = {"street": 3, "seat": 4, "town": 1}


@dataclasses.dataclass
class Context:
    """What the builders of one county or township need: its Random and makers, and the county's shared state."""

    rng: random.Random
    names: NameMaker
    members: MemberMaker
    county: Region
    county_params: dict
    density: float
    gaps: Gaps
    brands: set
    unit_prefix: str
    flags: dict

    @property
    def made_big_enterprise(self) -> bool:
        return self.flags.get("big", False)

    @made_big_enterprise.setter
    def made_big_enterprise(self, value: bool) -> None:
        self.flags["big"] = value


def _context(seed: int, region: Region, county: Region, params: dict, density: float, today: dt.date,
             shared: dict) -> Context:
    rng = random.Random(f"guifan-sample:{seed}:{region.code}")
    names = NameMaker(rng)
    prefix = "桂林" if county.level == Region.Level.CITY or county.name.endswith("区") else county.name[:2]
    return Context(rng=rng, names=names, members=MemberMaker(rng, county.code, params["ethnicity"], names, today),
                   county=county, county_params=params, density=density, unit_prefix=prefix, **shared)


def _weight(township: Region) -> int:
    if township.is_street:
        return SHARE_WEIGHT["street"]
    return SHARE_WEIGHT["seat"] if township.code.endswith("100") else SHARE_WEIGHT["town"]


def generate(scale_name: str, seed: int, today: dt.date | None = None) -> Register:
    """The whole sample register for a scale, in memory; primary keys start at 1 (the tables are empty)."""
    conf = scale(scale_name)
    today = today or sample()["reference_date"]
    density = conf["density"]
    current = Region.objects.current()
    city = current.get(level=Region.Level.CITY)
    counties = list(current.filter(level=Region.Level.COUNTY).order_by("code"))
    wanted_townships = set(conf.get("townships") or [])
    if conf.get("counties") not in (None, "all"):
        counties = [c for c in counties if c.code in conf["counties"]]
    elif wanted_townships:
        counties = [c for c in counties if any(t.startswith(c.code) for t in wanted_townships)]
    reg = Register(today)
    shared_by_region = {}
    if conf.get("city_units"):
        shared = {"gaps": Gaps(), "brands": set(), "flags": {}}
        shared_by_region[city.code] = shared
        ctx = _context(seed, city, city, county_params(city.code), density, today, shared)
        agencies.build_city_agencies(reg, ctx, city)
        soe = sample()["soe"]
        agencies.build_soes(reg, ctx, city, soe["city_count"], soe["city_members"], "桂林")
    for county in bar(counties, desc=_("Generating the register"), unit=pgettext("progress bar unit", "counties")):
        params = county_params(county.code)
        shared = {"gaps": Gaps(), "brands": set(), "flags": {}}
        shared_by_region[county.code] = shared
        townships = list(current.filter(parent=county).order_by("code"))
        total_weight = sum(_weight(t) for t in townships)
        if conf.get("county_units"):
            ctx = _context(seed, county, county, params, density, today, shared)
            agencies.build_county_agencies(reg, ctx, county)
            soe = sample()["soe"]
            agencies.build_soes(reg, ctx, county, ctx.rng.randint(*soe["county_count"]), soe["county_members"],
                                county.name)
        for township in townships:
            if wanted_townships and township.code not in wanted_townships:
                continue
            ctx = _context(seed, township, county, params, density, today, shared)
            if township.is_street:
                urban.build_street(reg, ctx, township)
            else:
                rural.build_villages(reg, ctx, township)
                urban.build_town_communities(reg, ctx, township)
                agencies.build_township_units(reg, ctx, township)
            twonew.build_two_new(reg, ctx, township, _weight(township) / total_weight)
    rng = random.Random(f"guifan-sample:{seed}:secretaries")
    reg.assign_secretaries(rng, lambda org: shared_by_region[org.region.code[:6]]["gaps"])
    reg.posts = committees.build(reg, seed)
    return reg
