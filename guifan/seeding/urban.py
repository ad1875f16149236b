"""Urban domain: streets (街道党工委), communities, compounds (楼院) and buildings (楼栋), and their organisations."""

import math

from guifan.orgs.models import HostUnit, Organisation

from .names import ordinal
from .params import register_rules, sample
from .structure import scaled, split_count

Kind = Organisation.Kind
Unit = HostUnit.Kind
COMPOUND_SUFFIXES = ("小区", "苑", "花园", "新村", "家园", "宿舍区")


def build_street(reg, ctx, street) -> None:
    """The street's working committee, its own office branch, and its communities under it."""
    p, rng = sample()["urban"], ctx.rng
    unit = reg.unit(street, Unit.STREET, street.name, prefix="S", headcount=rng.randint(*p["street_residents"]))
    top = reg.org(ctx, unit, Kind.COMMITTEE, f"中共{ctx.county.name}{street.name}工作委员会")
    office = reg.org(ctx, unit, Kind.BRANCH, f"{street.name}机关党支部", parent=top)
    reg.add_members(ctx, office, rng.randint(*p["street_office_members"]), "A")
    taken: set[str] = set()
    for _ in range(scaled(rng.randint(*p["communities_per_street"]), ctx.density)):
        _community(reg, ctx, street, taken, parent_unit=unit, parent_org=top)


def build_town_communities(reg, ctx, township) -> None:
    """Communities in a town: several in the county seat (township code 1xx ending 00), rarely elsewhere."""
    p, rng = sample()["urban"], ctx.rng
    is_seat = township.code.endswith("100")
    count = rng.randint(*(p["seat_communities"] if is_seat else p["other_town_communities"]))
    taken: set[str] = set()
    for _ in range(scaled(count, ctx.density) if count else 0):
        _community(reg, ctx, township, taken)


def _community(reg, ctx, region, taken: set, parent_unit=None, parent_org=None) -> None:
    p, rng = sample()["urban"], ctx.rng
    name = ctx.names.place(taken) + "社区"
    unit = reg.unit(region, Unit.COMMUNITY, name, parent=parent_unit, prefix="C",
                    headcount=rng.randint(*p["community_residents"]))
    brand_names: set[str] = set()
    compounds = []
    for _ in range(rng.randint(*p["compounds"])):
        compound = reg.unit(region, Unit.COMPOUND, ctx.names.brand(brand_names) + rng.choice(COMPOUND_SUFFIXES),
                            parent=unit)
        buildings = [reg.unit(region, Unit.BUILDING, f"{compound.name}{b}栋", parent=compound)
                     for b in range(1, rng.randint(*p["buildings"]) + 1)]
        compounds.append((compound, buildings))

    members = max(p["members_min"], int(rng.gauss(p["members_mean"], p["members_sd"])))
    # ORG-U-02: a community has a committee or a general branch, even when it has fewer members than that needs.
    kind = Kind.COMMITTEE if members >= register_rules().committee_min_members else Kind.GENERAL_BRANCH
    prefix = f"中共{ctx.county.name}{region.name}{name}"
    top = reg.org(ctx, unit, kind, prefix + ("委员会" if kind == Kind.COMMITTEE else "总支部委员会"),
                  parent=parent_org)
    branch_hosts = [(c, f"{name}{c.name}党支部", buildings) for c, buildings in compounds]
    wanted = math.ceil(members / (register_rules().branch_max_members * p["branch_fill"]))
    for extra in range(1, max(wanted - len(branch_hosts), 0) + 1):
        branch_hosts.append((unit, f"{name}{ordinal(extra)}离退休党员党支部", []))
    shares = split_count(members, len(branch_hosts), rng, floor=5)
    for (host, branch_name, buildings), share in zip(branch_hosts, shares, strict=True):
        branch = reg.org(ctx, host, Kind.BRANCH, branch_name, parent=top)
        groups = [reg.org(ctx, b, Kind.GROUP, f"{b.name}党小组", parent=branch)
                  for b in buildings if rng.random() < p["building_group_share"]]
        reg.add_members(ctx, branch, share, "U", groups=groups)
